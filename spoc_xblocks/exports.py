"""Files the blocks' handlers send: CSV exports, safe to open in a spreadsheet (the package's one CSV writer), and
other attachments."""
import io

from webob import Response

from spoc_plugin.csv_safety import csv_writer


def csv_response(filename, header, rows):
    """A ``text/csv`` attachment: every cell quoted and made spreadsheet-safe (``spoc_plugin.csv_safety``)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return attachment(out.getvalue().encode("utf-8"), filename, "text/csv")


def attachment(body, filename, content_type):
    """A download of ``body`` (bytes, UTF-8 text) saved as ``filename``."""
    response = Response(body=body, content_type=content_type, charset="utf-8")
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
