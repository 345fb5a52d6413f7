"""Translations of the blocks' own strings: the block catalogue first, then the runtime's ``i18n`` service.

The block catalogue is bundled at ``spoc_xblocks/translations/<lang>/LC_MESSAGES/text.mo`` (gettext domain
``text``). The runtime's service cannot be relied on to know it: the workbench's is Django's translation module;
edx-platform's ``XBlockI18nService`` reads the catalogue pulled with atlas (OEP-58) when there is one, else this
bundled one (found by the root module ``spoc_xblocks``; older releases looked beside the block class's module,
``spoc_xblocks/<block>/``, and fell back to Django's catalogues). So a string the block catalogue translates is taken
from it, and any other is left to the service.
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
    """An i18n service for the active Django language (``language`` to fix one), usable in xblock.utils templates:
    the block catalogue's translation when it has one, else the runtime's ``service`` (when given) translates."""

    def __init__(self, language=None, service=None):
        self.language = language
        self.service = service

    @property
    def _translations(self):
        return _catalog(self.language or translation.get_language() or "en")

    def _pick(self, translated, untranslated, method, *args):
        """The catalogue's ``translated`` text, unless it left the message as it was and a service can try."""
        if translated != untranslated or self.service is None:
            return translated
        return getattr(self.service, method)(*args)

    def gettext(self, message):
        return self._pick(self._translations.gettext(message), message, "gettext", message)

    def ngettext(self, singular, plural, number):
        return self._pick(self._translations.ngettext(singular, plural, number), singular if number == 1 else plural,
                          "ngettext", singular, plural, number)

    def pgettext(self, context, message):
        return self._pick(self._translations.pgettext(context, message), message, "pgettext", context, message)

    ugettext = gettext
    ungettext = ngettext

    def __getattr__(self, name):
        """The catalogue attributes Django's ``merge`` reads when the blocks' templates translate."""
        if name in ("_catalog", "plural", "_info", "_fallback"):
            return getattr(self._translations, name, None)
        raise AttributeError(name)


def gettext_noop(message):
    """Mark a string for extraction without translating it (field display names, defaults)."""
    return message
