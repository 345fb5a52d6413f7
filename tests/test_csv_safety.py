"""Every CSV the package writes (reports, rosters, post exports) goes through one spreadsheet-safe cell."""
import pytest

from spoc_plugin.csv_safety import spreadsheet_safe


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("\nx", "'\nx"), ("plain", "plain"), (12, 12), (None, ""),
])
def test_csv_cells_cannot_start_a_formula(value, expected):
    assert spreadsheet_safe(value) == expected


EVIL = "Great idea;=cmd|' /C calc'!A0"


def test_every_cell_is_quoted_so_that_a_semicolon_locale_reads_no_formula():
    """Excel in a ``;`` locale splits an unquoted ``Great idea;=cmd...`` and runs ``=cmd...``: every cell is quoted."""
    import io

    from spoc_plugin.csv_safety import csv_writer

    out = io.StringIO()
    csv_writer(out).writerow([EVIL, "=1+1", 3, None, True])
    assert out.getvalue() == '"Great idea;=cmd|\' /C calc\'!A0","\'=1+1","3","","True"\r\n'
    # Split on ";" outside quotes, as such a spreadsheet does: the formula stays inside the first cell.
    import csv

    assert next(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))[0].startswith("Great idea;=cmd")


def test_the_blocks_csv_downloads_quote_every_cell():
    from spoc_xblocks.exports import csv_response

    response = csv_response("x.csv", ["Name", "Note"], [["ann", EVIL], ["=bob", 2]])
    assert response.body.decode().splitlines() == ['"Name","Note"', f'"ann","{EVIL}"', '"\'=bob","2"']


def test_the_report_csv_quotes_every_cell(course, staff, course_key, make_user):
    from spoc_plugin.models import CohortMembership
    from spoc_plugin.reports.csv_export import csv_lines
    from spoc_plugin.reports.measures import iter_learner_rows
    from spoc_plugin.reports.scope import resolve_scope

    CohortMembership.objects.create(user=make_user("evil", email="evil@example.com"), cohort=course["acme"])
    course["acme"].name = EVIL
    course["acme"].save()
    lines = list(csv_lines(iter_learner_rows(resolve_scope(staff, str(course_key)))))
    evil = next(line for line in lines if line.startswith('"evil"'))
    assert evil.startswith(f'"evil","evil@example.com","{EVIL}","Acme","yes",')


def test_the_package_has_one_csv_writer():
    """Nothing writes CSV but ``spoc_plugin.csv_safety``: no module of the package calls ``csv.writer`` itself."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    writers = sorted(str(path.relative_to(root)) for package in ("spoc_plugin", "spoc_xblocks")
                     for path in (root / package).rglob("*.py")
                     if "csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
    assert writers == ["spoc_plugin/csv_safety.py"]
