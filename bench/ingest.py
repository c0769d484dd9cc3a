"""Ingest throughput and peak memory on the real news articles of ``shared/data/news``.

The ~1,100 articles (GeoWebNews, LGL, TR-News, GeoVirus; never copied into the project) are
replicated to ``--docs`` documents, written at bench time into a temporary folder as saved
HTML pages (with menus, share buttons and a footer) and as plain-text files, then ingested
into a fresh SQLite store by a child process, one core. Replicas carry a distinct first line,
so each is stored (mostly as a near duplicate of its original): the full path is measured,
LSH lookups included. Peak memory is the child's maximum resident set size. The load average
is printed with the figures: on a shared machine, quote documents per CPU second.

    .venv/bin/python -m bench.ingest [--docs 10000] [--repeats 3] [--kinds html,text] [--cpu 1]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from sentinelle.settings import Settings

NEWS_FILES = ("GWN.xml", "lgl.xml", "TR-News.xml", "GeoVirus.xml")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
SENTENCES_PER_PARAGRAPH = 3
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Bench News</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe</a></li></ul>
</nav></header>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a>
<button>Print</button></div>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main>
<aside><h2>Related</h2><ul><li><a href="/a">More news</a></li></ul></aside>
<footer><p>© Bench News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def read_articles(news_dir: Path) -> list[tuple[str, str]]:
    """(title, text) of every article of the four corpora."""
    articles = []
    for name in NEWS_FILES:
        for element in ET.parse(news_dir / name).getroot().iter("article"):
            text = (element.findtext("text") or "").strip()
            if not text:
                continue
            title = (element.findtext("title") or "").strip() or text.split(". ")[0][:90]
            articles.append((title, text))
    return articles


def replicas(articles: list[tuple[str, str]], count: int) -> Iterator[tuple[int, str, str]]:
    """``count`` (number, title, text) triples cycling through the articles."""
    for number in range(count):
        title, text = articles[number % len(articles)]
        copy = number // len(articles)
        yield number, title, (f"Edition {copy + 1}, item {number}. " if copy else "") + text


def write_corpus(folder: Path, kind: str, articles: list[tuple[str, str]], count: int) -> None:
    """Write ``count`` documents of one kind, one file each, streaming."""
    folder.mkdir(parents=True)
    for number, title, text in replicas(articles, count):
        if kind == "html":
            sentences = SENTENCE_END.split(text)
            paragraphs = "\n".join(
                f"<p>{html.escape(' '.join(sentences[i : i + SENTENCES_PER_PARAGRAPH]))}</p>"
                for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
            )
            body = PAGE.format(title=html.escape(title), paragraphs=paragraphs)
            (folder / f"{number:06d}.html").write_text(body, encoding="utf-8")
        else:
            (folder / f"{number:06d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")


def child(folder: str, database: str) -> None:
    """Ingest ``folder`` into a fresh store and print the figures as JSON (the child side)."""
    from sentinelle.ingest import ingest
    from sentinelle.store import open_database

    store = open_database(f"sqlite:///{database}")
    started, cpu_started = time.perf_counter(), time.process_time()
    report = ingest(store, [folder])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = report.counts
    print(
        json.dumps(
            {
                "read": counts.read,
                "new": counts.new,
                "near_duplicate": counts.near_duplicate,
                "rejected": counts.rejected,
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "peak_mib": peak_kib / 1024,
            }
        )
    )


def trafilatura_baseline(folder: Path, limit: int = 1000) -> float:
    """Pages per CPU second of trafilatura's extraction alone, on the same pages."""
    import trafilatura

    pages = [path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())[:limit]]
    trafilatura.bare_extraction(pages[0], with_metadata=True)  # warm-up: lazy imports
    started = time.process_time()
    for page in pages:
        trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    return len(pages) / (time.process_time() - started)


def measure(folder: Path, work: Path, repeat: int) -> dict[str, float]:
    """One child run on a fresh store."""
    database = work / f"bench-{folder.name}-{repeat}.db"
    done = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--child", str(folder), str(database)],
        capture_output=True,
        check=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    database.unlink()
    return figures


def main() -> None:
    """Build the corpora, run the children, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kinds", default="html,text")
    parser.add_argument("--cpu", type=int, help="pin the runs to this CPU (like taskset -c)")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})  # inherited by the child runs
    news = Settings().shared_dir / "data" / "news"
    articles = read_articles(news)
    print(f"{len(articles)} articles from {news}, replicated to {args.docs} documents")
    with tempfile.TemporaryDirectory(prefix="sentinelle-bench-") as tmp:
        work = Path(tmp)
        for kind in args.kinds.split(","):
            folder = work / kind
            write_corpus(folder, kind, articles, args.docs)
            load_before = os.getloadavg()[0]
            runs = [measure(folder, work, repeat) for repeat in range(args.repeats)]
            load_after = os.getloadavg()[0]
            rate = statistics.median(run["read"] / run["seconds"] for run in runs)
            cpu_rate = statistics.median(run["read"] / run["cpu_seconds"] for run in runs)
            peak = statistics.median(run["peak_mib"] for run in runs)
            first = runs[0]
            print(
                f"{kind:5} {args.docs} docs x {args.repeats}: median {rate:.0f} documents/s "
                f"(wall clock), {cpu_rate:.0f} documents per CPU second, "
                f"peak memory {peak:.0f} MiB (stored {first['new']:.0f} new + "
                f"{first['near_duplicate']:.0f} near-duplicate, {first['rejected']:.0f} rejected); "
                f"load average {load_before:.1f} before, {load_after:.1f} after"
            )
            if kind == "html":
                baseline = trafilatura_baseline(folder)
                print(
                    f"      trafilatura alone: {baseline:.0f} pages per CPU second, so ingest "
                    f"costs {baseline / cpu_rate:.2f}x the extraction library"
                )


if __name__ == "__main__":
    main()
