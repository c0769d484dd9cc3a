"""Events coded on ordinary news that is mostly not about conflict: a false-positive count.

The shared news corpora are geoparsing sets of real articles: GeoVirus is disease-outbreak
news (almost every violent event coded there is a false positive), LGL and TR-News local and
world news of every kind, GWN wire news. Per file it prints the articles, the articles with at
least one event and the events by sub-event type; ``--show N`` prints N coded sentences of a
file to read. Run: ``.venv/bin/python -m eval.news_events [--only GeoVirus] [--show 20]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Final

from bench.extract import NEWS_DIR, read_articles

from sentinelle.extract.pipeline import extract_many

# The articles are of the 2000s and 2010s; the date only anchors relative dates.
REFERENCE_DATE: Final = dt.date(2015, 6, 1)


def count_events(path: Path, show: int = 0) -> tuple[int, int, Counter[str]]:
    """Articles, articles with an event, and events by sub-event type, for one corpus file."""
    articles = read_articles(path.parent, path.name)
    coded = extract_many([(text, REFERENCE_DATE, None) for text in articles])
    types: Counter[str] = Counter(e.sub_event_type for events in coded for e in events)
    sentences = [e.evidence[0].sentence for events in coded for e in events if e.evidence]
    for sentence in random.Random(0).sample(sentences, min(show, len(sentences))):
        print(f"  {sentence[:160]}")
    return len(articles), sum(bool(events) for events in coded), types


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="One corpus file's stem (GeoVirus, lgl, TR-News, GWN).")
    parser.add_argument("--show", type=int, default=0, help="Coded sentences to print per file.")
    args = parser.parse_args(argv)
    for path in sorted(NEWS_DIR.glob("*.xml")):
        if args.only and path.stem != args.only:
            continue
        articles, with_events, types = count_events(path, args.show)
        top = ", ".join(f"{name} {count}" for name, count in types.most_common(5))
        print(
            f"{path.stem}: {articles} articles, {with_events} with an event, "
            f"{sum(types.values())} events ({top})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
