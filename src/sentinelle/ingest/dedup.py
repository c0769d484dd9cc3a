"""Exact and near-duplicate detection: content hashes, and MinHash LSH kept in the store.

An exact duplicate has the same normalised text, hence the same ``content_hash``. A near
duplicate (the same wire story in another outlet) shares LSH bands with an earlier document
and its estimated Jaccard similarity reaches the threshold; its bands and signature are
stored, so detection works across runs without comparing documents pairwise. Look-ups are
made for a whole batch of documents at once, the batch's own documents included.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Final, TypeVar, cast

import numpy as np
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from sentinelle.store.models import Document, DocumentBand, DocumentSignature, Sighting

NUM_PERM: Final = 128  # signature length: Jaccard estimates within about +-0.09 (1/sqrt(128))
BANDS: Final = 32  # 32 bands of 4 rows: pairs above ~0.42 Jaccard become candidates
ROWS: Final = NUM_PERM // BANDS
SHINGLE_WORDS: Final = 3  # word trigrams: robust to small edits, specific enough for stories
MIN_SHINGLES: Final = 8  # shorter texts give meaningless similarity estimates
MINHASH_SEED: Final = 1  # fixed forever: signatures stored by earlier runs must stay comparable
MINHASH_HASH: Final = zlib.crc32  # stable across processes and ~5x faster than datasketch's sha1
MINHASH_SCHEME: Final = "affine32"  # datasketch 2.0's default, named so an upgrade cannot change it
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies before permuting.
FMIX32: Final = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))
BAND_BYTES: Final = ROWS * 4  # one band of uint32 signature values
LOOKUP_CHUNK: Final = 900  # values per IN list: under SQLite's oldest 999-variable limit
WORD: Final = re.compile(r"\w+")
SIGNATURES: Final = cast(Table, DocumentSignature.__table__)
BANDS_TABLE: Final = cast(Table, DocumentBand.__table__)
SPACES: Final = re.compile(r"\s+")
T = TypeVar("T")


def normalise(text: str) -> str:
    """The text compared for exact duplicates: NFC, one space between words, no case."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text."""
    return hash_normalised(normalise(text))


def hash_normalised(normalised: str) -> str:
    """SHA-256 of text already normalised (see ``normalise``)."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """A document's MinHash signature and its LSH band keys (None when the text is too short)."""

    signature: np.ndarray | None
    band_keys: tuple[str, ...]

    def similarity(self, other: np.ndarray) -> float:
        """Estimated Jaccard similarity with another stored signature."""
        if self.signature is None:
            return 0.0
        return float(np.count_nonzero(self.signature == other)) / NUM_PERM


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 parameters for ``MINHASH_SEED``, drawn as it draws them.

    Drawn here rather than taken from a ``MinHash``: importing datasketch imports scipy, which
    costs seconds per process; a test checks both give the same values.
    """
    generator = np.random.RandomState(MINHASH_SEED)
    odd = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offset = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return odd, offset


def fingerprint(text: str) -> Fingerprint:
    """The MinHash signature of the text's word trigrams, cut into LSH bands."""
    return fingerprint_normalised(normalise(text))


def fingerprint_normalised(normalised: str) -> Fingerprint:
    """``fingerprint`` of text already normalised: datasketch's affine32 MinHash, vectorised."""
    words = WORD.findall(normalised)
    shingles = set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(None, ())
    hashes = np.fromiter(
        map(MINHASH_HASH, map(str.encode, shingles)), dtype=np.uint32, count=len(shingles)
    )
    hashes ^= hashes >> 16
    hashes *= FMIX32[0]
    hashes ^= hashes >> 13
    hashes *= FMIX32[1]
    hashes ^= hashes >> 16
    a, b = _permutations()
    signature = (hashes[:, np.newaxis] * a + b).min(axis=0)  # uint32 arithmetic wraps: mod 2^32
    raw = signature.tobytes()
    keys = tuple(
        f"{band:02d}"
        + hashlib.blake2b(
            raw[band * BAND_BYTES : (band + 1) * BAND_BYTES], digest_size=8
        ).hexdigest()
        for band in range(BANDS)
    )
    return Fingerprint(signature, keys)


# Statements built once, with expanding parameters: no per-call compiling of IN lists.
BY_HASH: Final = select(Document.content_hash, Document.id).where(
    Document.content_hash.in_(bindparam("hashes", expanding=True))
)
SIGHTINGS_OF: Final = select(Sighting.document_id, Sighting.origin, Sighting.raw_hash).where(
    Sighting.document_id.in_(bindparam("ids", expanding=True))
)
CANDIDATES: Final = select(DocumentBand.band_key, DocumentBand.document_id).where(
    DocumentBand.band_key.in_(bindparam("keys", expanding=True))
)
SIGNATURES_OF: Final = (
    select(DocumentSignature.document_id, DocumentSignature.signature, Document.story_id)
    .join(Document, Document.id == DocumentSignature.document_id)
    .where(DocumentSignature.document_id.in_(bindparam("ids", expanding=True)))
)


def _chunks(values: Collection[T]) -> Iterator[list[T]]:
    ordered = sorted(values)  # type: ignore[type-var]
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        yield ordered[start : start + LOOKUP_CHUNK]


def stored_by_hash(session: Session, digests: Collection[str]) -> dict[str, int]:
    """Content hash -> id of the stored documents among ``digests``."""
    found: dict[str, int] = {}
    for chunk in _chunks(digests):
        found.update((digest, i) for digest, i in session.execute(BY_HASH, {"hashes": chunk}))
    return found


def stored_sightings(session: Session, ids: Collection[int]) -> set[tuple[int, str, str]]:
    """(document id, origin, raw hash) of every sighting of the documents ``ids``."""
    seen: set[tuple[int, str, str]] = set()
    for chunk in _chunks(ids):
        seen.update((i, o, h) for i, o, h in session.execute(SIGHTINGS_OF, {"ids": chunk}))
    return seen


@dataclass(frozen=True)
class Pending:
    """A document of the batch being written, not yet given an id: its place in the batch."""

    index: int


StoryRef = int | Pending  # a story's first document: stored (its id) or in this batch


@dataclass
class StoryIndex:
    """Near-duplicate look-ups for one batch: the stored documents, then the batch's own.

    Candidates are scored in the order the document-at-a-time search used (stored ids
    ascending, then the batch in order), so the same story wins as when each input was
    written alone.
    """

    threshold: float
    stored_bands: dict[str, list[int]] = field(default_factory=dict)
    stored: dict[int, tuple[np.ndarray, int]] = field(default_factory=dict)
    batch_bands: dict[str, list[int]] = field(default_factory=dict)
    batch: list[tuple[np.ndarray, StoryRef]] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, prints: Iterable[Fingerprint], threshold: float) -> StoryIndex:
        """The stored documents sharing a band with any of ``prints``, fetched in bulk."""
        index = cls(threshold)
        keys = {key for print_ in prints for key in print_.band_keys}
        for keys_chunk in _chunks(keys):
            for key, document_id in session.execute(CANDIDATES, {"keys": keys_chunk}):
                index.stored_bands.setdefault(key, []).append(document_id)
        candidates = {i for ids in index.stored_bands.values() for i in ids}
        for chunk in _chunks(candidates):
            for document_id, signature, story_id in session.execute(SIGNATURES_OF, {"ids": chunk}):
                story = story_id or document_id
                index.stored[document_id] = (np.frombuffer(signature, dtype=np.uint32), story)
        return index

    def find(self, print_: Fingerprint) -> tuple[StoryRef, float] | None:
        """(story, similarity) of the most similar document at or above the threshold."""
        if print_.signature is None:
            return None
        stored: set[int] = set()
        batch: set[int] = set()
        for key in print_.band_keys:
            stored.update(self.stored_bands.get(key, ()))
            batch.update(self.batch_bands.get(key, ()))
        scored: list[tuple[np.ndarray, StoryRef]] = [
            self.stored[i] for i in sorted(stored) if i in self.stored
        ]
        scored += [self.batch[i] for i in sorted(batch)]
        best: tuple[StoryRef, float] | None = None
        for signature, story in scored:
            score = print_.similarity(signature)
            if score >= self.threshold and (best is None or score > best[1]):
                best = (story, score)
        return best

    def add(self, print_: Fingerprint, position: Pending, story: StoryRef | None) -> None:
        """Make a document of the batch a candidate for the documents after it."""
        if print_.signature is None:
            return
        number = len(self.batch)
        self.batch.append((print_.signature, story if story is not None else position))
        for key in print_.band_keys:
            self.batch_bands.setdefault(key, []).append(number)


def remember(session: Session, prints: Sequence[tuple[int, Fingerprint]]) -> None:
    """Store documents' signatures and bands so later batches and runs find them."""
    kept = [(document_id, p) for document_id, p in prints if p.signature is not None]
    if not kept:
        return
    session.execute(
        insert(SIGNATURES),
        [{"document_id": i, "signature": cast(np.ndarray, p.signature).tobytes()} for i, p in kept],
    )
    session.execute(
        insert(BANDS_TABLE),
        [{"document_id": i, "band_key": key} for i, p in kept for key in p.band_keys],
    )
