"""Double of edx-platform's xmodule/modulestore/draft_and_published.py (only UnsupportedRevisionError)."""
from xmodule.modulestore import ModuleStoreEnum


class UnsupportedRevisionError(ValueError):
    """Mirrors upstream: a store call got a ``revision`` it does not support."""

    def __init__(self, allowed_revisions=None):
        if not allowed_revisions:
            allowed_revisions = [
                None,
                ModuleStoreEnum.RevisionOption.published_only,
                ModuleStoreEnum.RevisionOption.draft_only,
            ]
        super().__init__(f"revision not one of {allowed_revisions}")
