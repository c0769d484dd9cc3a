"""Text keys for lookups: accents off, lower case, punctuation to spaces."""

from __future__ import annotations

import re
import unicodedata


def normalize(name: str) -> str:
    """Lower-case, accents off, punctuation to spaces, spaces collapsed: a lookup key."""
    stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", stripped.lower()).split())


def fold(text: str) -> str:
    """Like ``normalize`` but one character out per character in, so offsets still hold."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()[:1]
        out.append(base.lower() if base.isalnum() else " ")
    return "".join(out)
