"""Spreadsheet-safe CSV cells (OWASP "CSV injection"), for every CSV file the package writes.

Pure Python, no models: the blocks' CSV downloads import it as well as the plugin's reports.
"""

#: Characters that make spreadsheet programs read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """The value for a CSV cell: ``None`` is empty, text a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
