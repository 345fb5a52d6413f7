"""Double of edx-platform's xmodule/modulestore/__init__.py (only ModuleStoreEnum's values the plugin may use)."""


class ModuleStoreEnum:
    """Mirrors upstream's ModuleStoreEnum."""

    class Type:
        """Mirrors upstream: the store types."""

        split = "split"
        mongo = "mongo"

    class RevisionOption:
        """Mirrors upstream: the ``revision`` values of store calls."""

        draft_preferred = "rev-opt-draft-preferred"
        draft_only = "rev-opt-draft-only"
        published_only = "rev-opt-published-only"
        all = "rev-opt-all"

    class Branch:
        """Mirrors upstream: the branch settings (not valid as a ``revision``)."""

        draft_preferred = "draft-preferred"
        published_only = "published-only"
