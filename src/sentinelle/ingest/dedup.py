"""Exact and near-duplicate detection: content hashes, and MinHash LSH kept in the store.

An exact duplicate has the same normalised text, hence the same ``content_hash``. A near
duplicate (the same wire story in another outlet) shares LSH bands with an earlier document
and its estimated Jaccard similarity reaches the threshold; its bands and signature are
stored, so detection works across runs without comparing documents pairwise.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Final, cast

import numpy as np
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from sentinelle.store.models import Document, DocumentBand, DocumentSignature

NUM_PERM: Final = 128  # signature length: Jaccard estimates within about +-0.09 (1/sqrt(128))
BANDS: Final = 32  # 32 bands of 4 rows: pairs above ~0.42 Jaccard become candidates
ROWS: Final = NUM_PERM // BANDS
SHINGLE_WORDS: Final = 3  # word trigrams: robust to small edits, specific enough for stories
MIN_SHINGLES: Final = 8  # shorter texts give meaningless similarity estimates
MINHASH_SEED: Final = 1  # fixed forever: signatures stored by earlier runs must stay comparable
MINHASH_HASH: Final = zlib.crc32  # stable across processes and ~5x faster than datasketch's sha1
MINHASH_SCHEME: Final = "affine32"  # datasketch 2.0's default, named so an upgrade cannot change it
WORD: Final = re.compile(r"\w+")
SIGNATURES: Final = cast(Table, DocumentSignature.__table__)
BANDS_TABLE: Final = cast(Table, DocumentBand.__table__)
SPACES: Final = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text compared for exact duplicates: NFC, one space between words, no case."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


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
def _permutations() -> np.ndarray:
    from datasketch import MinHash  # imports scipy: seconds, so only when first needed

    template = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    return template.permutations  # type: ignore[no-any-return]


def fingerprint(text: str) -> Fingerprint:
    """The MinHash signature of the text's word trigrams, cut into LSH bands."""
    words = WORD.findall(normalise(text))
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(len(words) - SHINGLE_WORDS + 1, 0))
    }
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(None, ())
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        permutations=_permutations(),
        scheme=MINHASH_SCHEME,
        hashfunc=MINHASH_HASH,
    )
    minhash.update_batch(shingles)
    signature = np.asarray(minhash.hashvalues, dtype=np.uint32)
    keys = tuple(
        f"{band:02d}"
        + hashlib.blake2b(
            signature[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
        ).hexdigest()
        for band in range(BANDS)
    )
    return Fingerprint(signature, keys)


# Statements built once, with expanding parameters: no per-call compiling of 32-value IN lists.
CANDIDATES: Final = select(DocumentBand.document_id).where(
    DocumentBand.band_key.in_(bindparam("keys", expanding=True))
)
SIGNATURES_OF: Final = (
    select(DocumentSignature.document_id, DocumentSignature.signature, Document.story_id)
    .join(Document, Document.id == DocumentSignature.document_id)
    .where(DocumentSignature.document_id.in_(bindparam("ids", expanding=True)))
)


def find_story(session: Session, print_: Fingerprint, threshold: float) -> tuple[int, float] | None:
    """(story id, similarity) of the most similar stored document at or above ``threshold``."""
    if print_.signature is None:
        return None
    candidates = set(session.scalars(CANDIDATES, {"keys": list(print_.band_keys)}))
    if not candidates:
        return None
    best: tuple[int, float] | None = None
    for document_id, signature, story_id in session.execute(
        SIGNATURES_OF, {"ids": sorted(candidates)}
    ):
        score = print_.similarity(np.frombuffer(signature, dtype=np.uint32))
        if score >= threshold and (best is None or score > best[1]):
            best = (story_id or document_id, score)
    return best


def remember(session: Session, document_id: int, print_: Fingerprint) -> None:
    """Store a document's signature and bands so later runs find it."""
    if print_.signature is None:
        return
    # Core inserts: 33 rows per document through the ORM's unit of work cost more than the rest.
    session.execute(
        insert(SIGNATURES), [{"document_id": document_id, "signature": print_.signature.tobytes()}]
    )
    session.execute(
        insert(BANDS_TABLE),
        [{"document_id": document_id, "band_key": key} for key in print_.band_keys],
    )
