"""The plugin's pages inside the platform's page: the LMS's main_django.html where there is one, else the plugin's."""
from pathlib import Path

from django.test import Client, override_settings

import spoc_plugin
from spoc_plugin import compat


def test_the_lms_base_page_is_used_where_the_project_has_one():
    # The demo (and so the tests' settings) provides a stand-in of the LMS's main_django.html.
    assert compat.page_base_template() == "main_django.html"
    with override_settings(SPOC_PAGE_BASE_TEMPLATE="spoc_plugin/page_base.html"):
        assert compat.page_base_template() == "spoc_plugin/page_base.html"


#: A project whose templates are only the plugin's (no main_django.html anywhere).
PLUGIN_TEMPLATES_ONLY = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [Path(spoc_plugin.__file__).parent / "templates"],
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth"]},
}]


@override_settings(TEMPLATES=PLUGIN_TEMPLATES_ONLY)
def test_without_the_lms_s_page_the_plugin_s_own_base_has_the_landmarks(db):
    assert compat.page_base_template() == "spoc_plugin/page_base.html"
    page = Client().get("/spoc/join/doesnotexist/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert '<a class="nav-skip" href="#main">' in page and '<main id="main"' in page
    assert "global-header" not in page  # not the demo's stand-in


def test_in_the_lms_s_page_the_join_page_fills_its_blocks(db):
    page = Client().get("/spoc/join/doesnotexist/").content.decode()
    assert page.count("<title>") == 1 and "<title>This invitation link is not valid</title>" in page
    assert 'class="view-spoc-join lang_en"' in page and '<a class="nav-skip" href="#main">' in page
    assert 'class="global-header"' in page and '<main id="main"' in page
