"""The wheel ships the blocks' static assets and the plugin's templates and catalogues; the sdist can rebuild it."""
import email
import gettext
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import spoc_plugin
import spoc_xblocks

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist and the wheel built from a copy of the work tree, as ``{"sdist": path, "wheel": path}``."""
    tmp_path = tmp_path_factory.mktemp("dist")
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".tox", "var", ".git", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts"))
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )
    return {"sdist": next(tmp_path.glob("openedx_spoc-*.tar.gz")), "wheel": next(tmp_path.glob("openedx_spoc-*.whl"))}


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        name = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


def test_wheel_contains_static_assets(dist):
    names = set(zipfile.ZipFile(dist["wheel"]).namelist())
    for path in (ROOT / "static").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"spoc_xblocks/static/{path.relative_to(ROOT / 'static').as_posix()}" in names
    assert "spoc_xblocks/static/js/spoc-common.js" in names
    for name in ("templates/spoc_plugin/join.html", "templates/spoc_plugin/edx_ace/invitation/email/body.txt",
                 "locale/fr/LC_MESSAGES/django.mo", "management/commands/spoc_import_cohort.py"):
        assert f"spoc_plugin/{name}" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    assert not any(name.startswith(("tests/", "demo/")) for name in names)


def test_wheel_ships_the_license_and_the_version_of_the_packages(dist):
    names = zipfile.ZipFile(dist["wheel"]).namelist()
    license_name = next(name for name in names if re.search(r"\.dist-info/(licenses/)?LICENSE$", name))
    shipped = zipfile.ZipFile(dist["wheel"]).read(license_name).decode()
    assert shipped == (ROOT / "LICENSE").read_text()
    assert shipped.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    metadata = wheel_metadata(dist["wheel"])
    assert metadata["Version"] == spoc_plugin.__version__ == spoc_xblocks.__version__
    assert "License :: OSI Approved :: GNU Affero General Public License v3" in metadata.get_all("Classifier")
    assert {"Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12"} <= set(
        metadata.get_all("Classifier"))


def test_wheel_requires_base_in_with_the_bounds_of_constraints_txt(dist):
    requires = {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower(): line
                for line in wheel_metadata(dist["wheel"]).get_all("Requires-Dist") if "extra ==" not in line}
    assert "django" in requires and "<6.0" in requires["django"] and ">=4.2" in requires["django"]
    assert "<7" in requires["xblock"] and "<6" in requires["celery"]
    base = [line.split("#")[0].strip() for line in (ROOT / "requirements/base.in").read_text().splitlines()]
    names = {re.split(r"[<>=\[ ]", line, maxsplit=1)[0].lower() for line in base if line and not line.startswith("-")}
    assert names == set(requires)


def test_sdist_holds_what_setup_py_reads(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"setup.py", "README.md", "LICENSE", "CHANGELOG.rst", "requirements/base.in", "requirements/test.in",
            "requirements/constraints.txt"} <= names


@pytest.mark.parametrize("po", [
    "spoc_xblocks/translations/fr/LC_MESSAGES/text.po",
    "spoc_plugin/locale/fr/LC_MESSAGES/django.po",
])
def test_shipped_catalogues_are_compiled_from_their_po(dist, po, tmp_path):
    """`make compile_translations` has run: each .mo in the wheel says what its .po says."""
    compiled = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(ROOT / po)], check=True)
    shipped = tmp_path / "shipped.mo"
    shipped.write_bytes(zipfile.ZipFile(dist["wheel"]).read(po[:-3] + ".mo"))
    with compiled.open("rb") as fresh, shipped.open("rb") as wheel:
        assert gettext.GNUTranslations(wheel)._catalog == gettext.GNUTranslations(fresh)._catalog
