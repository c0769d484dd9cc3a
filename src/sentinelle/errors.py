"""Sentinelle's exception tree: every error the system raises on purpose derives from it.

SentinelleError                 base; `exit_code` says how the CLI ends (1 = failure)
├── InputError                  bad user input: a file, a row, a flag (exit 2)
│   ├── ConfigError             a settings file or value that cannot be used
│   └── RejectedInput           one input refused by a stage, with its reason
├── StoreError                  the database cannot be opened or migrated (exit 1)
│   └── NotADatabase            a --db file that is not an SQLite database (exit 2)
├── NotFound                    a record asked for by id does not exist (exit 2)
├── IllegalTransition           a state machine refused an action (exit 2)
└── PermissionDenied            the acting user's role does not allow it (exit 2)
"""

from __future__ import annotations


class SentinelleError(Exception):
    """Base of every error Sentinelle raises on purpose."""

    exit_code = 1


class InputError(SentinelleError):
    """A user-supplied input (file, row, flag, request field) cannot be used."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.source = source
        self.field = field
        super().__init__(f"{source}: {message}" if source else message)


class ConfigError(InputError):
    """A settings file or value cannot be used."""


class RejectedInput(InputError):
    """One input was refused by a stage (empty, binary, oversized, malformed)."""


class StoreError(SentinelleError):
    """The database cannot be opened, read or migrated."""


class NotADatabase(StoreError):
    """A path given as an SQLite database is not one; it is left untouched."""

    exit_code = 2


class NotFound(SentinelleError):
    """A record asked for by its id does not exist."""

    exit_code = 2


class IllegalTransition(SentinelleError):
    """A state machine refused an action that its transition table does not allow."""

    exit_code = 2


class PermissionDenied(SentinelleError):
    """The acting user's role or scope does not allow the action."""

    exit_code = 2
