"""Translations of the blocks' own strings (gettext domain ``text`` under spoc_xblocks/translations).

This is the layout edx-platform's XBlock i18n service reads; :class:`BlockTranslator` reads it
too, so the blocks translate the same way in the LMS, Studio, Learning Core and the workbench.
"""
import gettext
import os
from functools import cache

from django.utils import translation

LOCALE_DIR = os.path.join(os.path.dirname(__file__), "translations")
DOMAIN = "text"


@cache
def _catalog(language):
    return gettext.translation(DOMAIN, LOCALE_DIR, [translation.to_locale(language)], fallback=True)


class BlockTranslator:
    """An i18n service-like object for the active Django language (usable in xblock.utils templates)."""

    def __init__(self, language=None):
        self.language = language

    @property
    def _translations(self):
        return _catalog(self.language or translation.get_language() or "en")

    def gettext(self, message):
        return self._translations.gettext(message)

    def ngettext(self, singular, plural, number):
        return self._translations.ngettext(singular, plural, number)

    def pgettext(self, context, message):
        return self._translations.pgettext(context, message)

    ugettext = gettext
    ungettext = ngettext

    def __getattr__(self, name):
        """The rest of the catalogue (``_catalog``, ``plural``, ...), which the xblock.utils ``trans`` and
        ``blocktrans`` template tags merge into Django's: without it, templates stay untranslated."""
        return getattr(self._translations, name)


def gettext_noop(message):
    """Mark a string for extraction without translating it (field display names, defaults)."""
    return message
