"""Splitting a source text into plain and highlighted pieces around evidence spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Text shown around the evidence when a document is long (characters on each side).
CONTEXT_CHARS = 1500


def highlight_segments(text: str, spans: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pieces ``{"text", "mark", "field"}`` in order; overlapping spans merge into the first."""
    ordered = sorted(
        (span for span in spans if 0 <= span["start"] < span["end"] <= len(text)),
        key=lambda span: span["start"],
    )
    if not ordered:
        return [{"text": text[: CONTEXT_CHARS * 2], "mark": False, "field": None}]
    start = max(0, ordered[0]["start"] - CONTEXT_CHARS)
    end = min(len(text), max(span["end"] for span in ordered) + CONTEXT_CHARS)
    pieces: list[dict[str, Any]] = []
    cursor = start
    for span in ordered:
        if span["start"] < cursor:
            continue
        pieces.append({"text": text[cursor : span["start"]], "mark": False, "field": None})
        pieces.append(
            {"text": text[span["start"] : span["end"]], "mark": True, "field": span.get("field")}
        )
        cursor = span["end"]
    pieces.append({"text": text[cursor:end], "mark": False, "field": None})
    return [piece for piece in pieces if piece["text"]]
