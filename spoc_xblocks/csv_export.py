"""CSV downloads from block handlers, safe to open in a spreadsheet."""
import csv
import io

from webob import Response

from spoc_plugin.csv_safety import spreadsheet_safe


def csv_response(filename, header, rows):
    """A ``text/csv`` attachment with every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    response = Response(body=out.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
