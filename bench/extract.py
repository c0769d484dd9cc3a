"""Throughput and peak memory of the event classifier (and full extraction, when present).

Runs on the real articles of ``../shared/data/news/*.xml`` on one core:
``.venv/bin/python -m bench.extract [--repeats 5] [--limit 0]``. Prints medians of the repeats.
"""

from __future__ import annotations

import os

# One core: the figure the target is stated in (>= 20 documents/s per core).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Final  # noqa: E402

from sentinelle.extract.classifier import EventClassifier  # noqa: E402

ROOT: Final = Path(__file__).resolve().parents[1]
NEWS_DIR: Final = (
    Path(os.environ.get("SENTINELLE_SHARED_DIR", ROOT.parent / "shared")) / "data" / "news"
)
# A plain sentence splitter: the classifier's cost, not spaCy's, is what this measures.
SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'«(])")
# The reference date given to full extraction: the articles are of the 2010s.
REFERENCE_DATE: Final = dt.date(2018, 1, 1)


def read_articles(news_dir: Path = NEWS_DIR, pattern: str = "*.xml") -> list[str]:
    """The text of every article in the news corpus files (those ``pattern`` matches)."""
    texts = []
    for path in sorted(news_dir.glob(pattern)):
        for element in ET.parse(path).getroot().iter("text"):
            if element.text and element.text.strip():
                texts.append(element.text.strip())
    return texts


def _classify_documents(classifier: EventClassifier) -> Callable[[str], Any]:
    return lambda text: classifier.classify(SENTENCE_END.split(text))


def _extract_documents() -> Callable[[str], Any] | None:
    try:
        from sentinelle.extract import extract_document
    except ImportError:
        return None
    return lambda text: extract_document(text, REFERENCE_DATE)


def measure(
    work: Callable[[str], Any], texts: list[str], repeats: int
) -> tuple[list[float], list[float]]:
    """Documents per wall-clock second and per CPU second of each repeat, one at a time.

    The CPU-time rate is what one core delivers even when other processes share the machine.
    """
    wall_rates, cpu_rates = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        for text in texts:
            work(text)
        wall_rates.append(len(texts) / (time.perf_counter() - started))
        cpu_rates.append(len(texts) / (time.process_time() - cpu_started))
    return wall_rates, cpu_rates


def _report(name: str, rates: tuple[list[float], list[float]]) -> None:
    wall, cpu = rates
    print(
        f"{name}: {statistics.median(wall):.1f} documents/s wall-clock, "
        f"{statistics.median(cpu):.1f} per CPU second (medians of {len(wall)})"
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Command line: print documents/s (median of repeats) and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    arguments = parser.parse_args()
    texts = read_articles()
    if arguments.limit:
        texts = texts[: arguments.limit]
    size = statistics.median(len(text) for text in texts)
    print(f"{len(texts)} articles, median {size:.0f} characters, one core")
    started = time.perf_counter()
    classifier = EventClassifier.load()
    print(f"classifier load: {time.perf_counter() - started:.2f} s")
    _report("classifier", measure(_classify_documents(classifier), texts, arguments.repeats))
    print(f"peak memory after classifier: {_peak_mb():.0f} MB")
    extract = _extract_documents()
    if extract is None:
        print("full extraction: sentinelle.extract.extract_document not available yet")
        return
    started = time.perf_counter()
    extract(texts[0])  # loads spaCy, the gazetteer and the actor dictionary, once per process
    print(
        f"extractor load (spaCy, gazetteer, actors; first document): "
        f"{time.perf_counter() - started:.2f} s"
    )
    _report("full extraction", measure(extract, texts, max(1, arguments.repeats // 2)))
    print(f"peak memory after full extraction: {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
