"""Spreadsheet-safe CSV (OWASP "CSV injection"), for every CSV file the package writes.

Two defences, both in :func:`csv_writer`, the one writer every CSV of the package goes through:

- every cell is quoted (``csv.QUOTE_ALL``): a spreadsheet opening the file with another separator than
  the comma (``;`` in French or German locales) still reads a cell such as
  ``Great idea;=cmd|' /C calc'!A0`` as one piece of text, never as a cell followed by a formula;
- a cell starting with a formula character (``= + - @``, tab, carriage return, line feed) gets a leading
  quote (:func:`spreadsheet_safe`).

Pure Python, no models: the blocks' CSV downloads import it as well as the plugin's reports.
"""
import csv

#: Characters that make spreadsheet programs read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """The value for a CSV cell: ``None`` is empty, text a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeCsvWriter:
    """A ``csv.writer`` that quotes every cell and passes each value through ``cell`` (:func:`spreadsheet_safe`
    by default; a replacement should end with it)."""

    def __init__(self, stream, cell=spreadsheet_safe):
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        self._cell = cell

    def writerow(self, values):
        return self._writer.writerow([self._cell(value) for value in values])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, cell=spreadsheet_safe):
    """The package's CSV writer over ``stream`` (see the module's docstring)."""
    return SafeCsvWriter(stream, cell)
