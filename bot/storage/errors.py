"""The errors every storage backend raises."""

from __future__ import annotations


class StoreError(ValueError):
    """Invalid input to the store; the message says what is wrong."""


class SchemaError(RuntimeError):
    """The database cannot be used by this version of Warta."""


class StoreUnavailable(RuntimeError):
    """The database server cannot be reached or refused us; the message never holds a
    password."""
