"""Language identification (py3langid): every language is recorded, none is rejected."""

from __future__ import annotations

from functools import cache
from typing import Any, Final

SAMPLE_CHARS: Final = 800  # a few sentences decide the language; langid costs per character
MIN_CHARS: Final = 20  # below this the guess is noise: left unknown


@cache
def _classify() -> Any:
    import py3langid

    return py3langid.classify


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    code, _score = _classify()(sample)
    return str(code)
