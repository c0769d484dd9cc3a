"""Field reporters' identities, encrypted with AES-256-GCM under a key kept in the settings."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import ConfigError, NotFound
from sentinelle.settings import Settings
from sentinelle.store.models import ReporterIdentity

# AES-256: a 32-byte key; GCM's standard 96-bit nonce, random per identity.
KEY_BYTES = 32
NONCE_BYTES = 12


class IdentityVault:
    """Encrypts and decrypts reporter identities; the document id is bound as associated data."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ConfigError(f"reporter_key must decode to {KEY_BYTES} bytes, not {len(key)}")
        self._aead = AESGCM(key)
        self.key_id = hashlib.sha256(b"sentinelle-key-id" + key).hexdigest()[:16]

    @classmethod
    def from_settings(cls, settings: Settings) -> IdentityVault | None:
        """The vault for the configured key, or None when no key is configured."""
        if settings.reporter_key is None:
            return None
        return cls.from_key_text(settings.reporter_key.get_secret_value())

    @classmethod
    def from_key_text(cls, key_text: str) -> IdentityVault:
        """The vault for a base64-encoded key, as SENTINELLE_REPORTER_KEY holds it."""
        try:
            key = base64.b64decode(key_text, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError("reporter_key is not valid base64") from None
        return cls(key)

    @staticmethod
    def new_key() -> str:
        """A fresh random key, base64-encoded for SENTINELLE_REPORTER_KEY."""
        return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")

    def store(self, session: Session, document_id: int, identity: str) -> ReporterIdentity:
        """Encrypt and keep the identity of the reporter of ``document_id``."""
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = self._aead.encrypt(nonce, identity.encode("utf-8"), _aad(document_id))
        row = session.scalar(
            select(ReporterIdentity).where(ReporterIdentity.document_id == document_id)
        )
        if row is None:
            row = ReporterIdentity(document_id=document_id)
            session.add(row)
        row.key_id, row.nonce, row.ciphertext = self.key_id, nonce, ciphertext
        session.flush()
        return row

    def reveal(self, session: Session, document_id: int) -> str:
        """The decrypted identity of the reporter of ``document_id``."""
        row = session.scalar(
            select(ReporterIdentity).where(ReporterIdentity.document_id == document_id)
        )
        if row is None:
            raise NotFound(f"document {document_id} has no reporter identity")
        try:
            plain = self._aead.decrypt(row.nonce, row.ciphertext, _aad(document_id))
        except InvalidTag:
            raise ConfigError(
                f"the reporter identity of document {document_id} was encrypted with another "
                f"key ({row.key_id}) or altered"
            ) from None
        return plain.decode("utf-8")


def _aad(document_id: int) -> bytes:
    return f"sentinelle:reporter:{document_id}".encode()
