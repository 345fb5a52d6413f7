"""The French the package ships: French typography, and the blocks' shared texts in French (issue 16, point 13)."""
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from spoc_xblocks.base import COMMON_TEXTS
from spoc_xblocks.live_session import LiveSessionBlock

from .utils import make_block

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ["spoc_xblocks/translations/fr/LC_MESSAGES/text.po", "spoc_plugin/locale/fr/LC_MESSAGES/django.po"]
#: A space (plain or no-break) before ":", ";", "?", "!" or "%" ending a word: French wants a narrow no-break space.
WIDE_SPACE = re.compile(r"[ \u00a0][:;?!%](?=\s|$)")
#: The same signs glued to the word before them (not in "https://..." nor in a data format such as '{"id": ...}').
NO_SPACE = re.compile(r"[^\s\u202f/\"][:;?!](?=\s|$)")


def french_texts(path):
    for entry in polib.pofile(str(ROOT / path)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry.msgid, text


@pytest.mark.parametrize("path", CATALOGUES)
def test_french_puts_a_narrow_no_break_space_before_colons_and_percent_signs(path):
    wrong = [(msgid, text) for msgid, text in french_texts(path) if WIDE_SPACE.search(text) or NO_SPACE.search(text)]
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGUES)
def test_every_string_has_its_french(path):
    missing = [entry.msgid for entry in polib.pofile(str(ROOT / path))
               if not entry.obsolete and not (entry.msgstr or all(entry.msgstr_plural.values()))]
    assert missing == []


def test_the_blocks_count_down_in_french_days_and_name_the_language_in_french():
    block = make_block(LiveSessionBlock)
    with translation.override("fr"):
        common = block.translated(COMMON_TEXTS)
        language = block._("Language: {lang}")
    assert common["days"] == "{n} j" and common["hours"] == "{n} h"
    assert common["confirm"] == "Oui" and common["zone"] == "Heures affichées dans votre fuseau horaire\u202f: {zone}."
    assert language == "Langue\u202f: {lang}"
