"""Turning an input's bytes into text, refusing empty, binary or illegible inputs."""

from __future__ import annotations

import codecs
import re
from typing import Final

from sentinelle.errors import RejectedInput
from sentinelle.ingest.documents import RawInput

# Share of control characters above which a decoded input is binary, not text.
MAX_CONTROL_SHARE: Final = 0.01
# Share of non-ASCII characters above which a non-UTF-8 input is not Windows-1252 text:
# French prose has a few percent accented letters, mis-decoded CJK or binary far more.
MAX_LEGACY_NON_ASCII_SHARE: Final = 0.15
# Bytes Windows-1252 leaves undefined: their presence means it is not that encoding.
CP1252_UNDEFINED: Final = frozenset(b"\x81\x8d\x8f\x90\x9d")
# C0/C1 controls (bar tab, newlines, form feed) and private-use code points: not prose.
CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def decode_input(raw: RawInput) -> str:
    """The text of ``raw`` (UTF-8, UTF-16 with BOM, or Windows-1252), with newlines normalised."""
    data = raw.data
    if not data.strip():
        raise RejectedInput("empty input (no text)", source=raw.origin)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(raw, data, "utf-16")
    elif b"\x00" in data[:8192]:
        raise RejectedInput("binary content, not text (NUL bytes)", source=raw.origin)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _legacy(raw, exc)
    _check_legible(raw, text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(raw: RawInput, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RejectedInput(f"not valid {encoding} ({exc.reason})", source=raw.origin) from None


def _legacy(raw: RawInput, error: UnicodeDecodeError) -> str:
    data = raw.data
    where = f"invalid UTF-8 at byte {error.start}"
    if CP1252_UNDEFINED & set(data):
        raise RejectedInput(f"wrong encoding: {where}, and not Windows-1252", source=raw.origin)
    text = data.decode("cp1252")
    non_ascii = sum(1 for char in text if ord(char) > 127)
    if non_ascii / len(text) > MAX_LEGACY_NON_ASCII_SHARE:
        raise RejectedInput(
            f"wrong encoding: {where}, and not legible as Windows-1252", source=raw.origin
        )
    return text


def _check_legible(raw: RawInput, text: str) -> None:
    controls = len(CONTROL_CHARS.findall(text))
    if controls / max(len(text), 1) > MAX_CONTROL_SHARE:
        raise RejectedInput("binary content, not text (control characters)", source=raw.origin)
    if not text.strip():
        raise RejectedInput("empty input (no text)", source=raw.origin)
