"""CSV downloads from block handlers, safe to open in a spreadsheet (the package's one CSV writer)."""
import io

from webob import Response

from spoc_plugin.csv_safety import csv_writer


def csv_response(filename, header, rows):
    """A ``text/csv`` attachment: every cell quoted and made spreadsheet-safe (``spoc_plugin.csv_safety``)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = Response(body=out.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
