"""Double of edx-platform's xmodule/modulestore/exceptions.py (only ItemNotFoundError)."""


class ItemNotFoundError(Exception):
    """Mirrors upstream: no such course or block in the store."""
