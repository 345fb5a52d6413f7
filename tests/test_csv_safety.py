"""Every CSV the package writes (reports, rosters, post exports) goes through one spreadsheet-safe cell."""
import pytest

from spoc_plugin.csv_safety import spreadsheet_safe


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("\nx", "'\nx"), ("plain", "plain"), (12, 12), (None, ""),
])
def test_csv_cells_cannot_start_a_formula(value, expected):
    assert spreadsheet_safe(value) == expected
