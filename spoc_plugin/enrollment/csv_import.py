"""Reading the addresses of a CSV upload (the staff's bulk invitations and the import command)."""
import csv
import io

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import EnrollmentError


def max_upload_bytes():
    return getattr(settings, "SPOC_MAX_UPLOAD_BYTES", 1024 * 1024)


def emails_from_csv(data):
    """The ``email`` column of a CSV file (bytes, UTF-8, with a header row; other columns are ignored).

    Raises ``EnrollmentError`` (400) for a file that is too large, not UTF-8, not CSV, without an
    ``email`` column, empty, or longer than ``SPOC_MAX_BULK_ROWS`` rows.
    """
    max_bytes = max_upload_bytes()
    max_rows = getattr(settings, "SPOC_MAX_BULK_ROWS", 5000)
    if len(data) > max_bytes:
        raise EnrollmentError(_("The file is too large: at most {size} bytes.").format(size=max_bytes),
                              status=413, code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EnrollmentError(_("The file is not UTF-8 text."), code="malformed_csv") from exc
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise EnrollmentError(_("The file is not valid CSV: {reason}").format(reason=exc),
                              code="malformed_csv") from exc
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "email" not in header:
        raise EnrollmentError(_("The CSV file needs a header row with an 'email' column."), code="malformed_csv")
    if len(rows) == 1:
        raise EnrollmentError(_("The CSV file has no address."), code="empty")
    if len(rows) - 1 > max_rows:
        raise EnrollmentError(_("Too many rows: at most {rows} per upload.").format(rows=max_rows),
                              status=413, code="too_many_rows")
    column = header.index("email")
    return [row[column] if column < len(row) else "" for row in rows[1:]]
