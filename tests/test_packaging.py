"""The wheel ships the blocks' static assets and the plugin's templates and catalogues."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_static_assets(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", "var", ".git", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts"))
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("openedx_spoc-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "static").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"spoc_xblocks/static/{path.relative_to(ROOT / 'static').as_posix()}" in names
    assert "spoc_xblocks/static/js/spoc-common.js" in names
    for name in ("templates/spoc_plugin/join.html", "templates/spoc_plugin/emails/invitation.txt",
                 "locale/fr/LC_MESSAGES/django.mo", "management/commands/spoc_import_cohort.py"):
        assert f"spoc_plugin/{name}" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    assert not any(name.startswith(("tests/", "demo/")) for name in names)
