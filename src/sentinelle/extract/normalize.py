"""Text keys for lookups: accents off, lower case, punctuation to spaces."""

from __future__ import annotations

import re
import unicodedata

# French and English transliterations of one Sahelian name differ in these spellings
# ("Ouenkoro"/"Wenkoro", "Toguéré"/"Tougere", "Indelimane"/"I-n-Deliman"): one key for each.
_DIGRAPHS = (("tch", "x"), ("ch", "x"), ("sh", "x"), ("gue", "ge"), ("gui", "gi"), ("ou", "u"),
             ("w", "u"), ("dj", "j"), ("ph", "f"), ("y", "i"), ("c", "k"), ("q", "k"),
             ("h", ""))  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


def normalize(name: str) -> str:
    """Lower-case, accents off, punctuation to spaces, spaces collapsed: a lookup key."""
    stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", stripped.lower()).split())


def fold(text: str) -> str:
    """Like ``normalize`` but one character out per character in, so offsets still hold."""
    return text.translate(_FOLDED)


class _FoldTable(dict[int, str]):
    """Each character's folding, worked out the first time it is met (``str.translate``)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()[:1]
        folded = base.lower() if base.isalnum() else " "
        self[code] = folded
        return folded


_FOLDED = _FoldTable()


def skeleton(key: str) -> str:
    """A ``normalize``d name without spaces, doubled letters or spelling variants."""
    out = key.replace(" ", "")
    for spelling, sound in _DIGRAPHS:
        out = out.replace(spelling, sound)
    out = _DOUBLED.sub(r"\1", out)
    return out[:-1] if out.endswith("e") and len(out) > 4 else out


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1 :] == b[start + 1 :]:
            return True
        return (
            a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]
