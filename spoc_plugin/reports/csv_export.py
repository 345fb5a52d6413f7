"""CSV of learner rows, streamed line by line, through the package's spreadsheet-safe writer (every cell
quoted, formula characters neutralised: ``spoc_plugin.csv_safety``)."""
import io

from django.utils.translation import gettext as _

from spoc_plugin.csv_safety import csv_writer, spreadsheet_safe


def safe_cell(value):
    """The value for a report cell: yes/no for booleans, and safe against formula injection."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return spreadsheet_safe(value)


def header():
    return [_("username"), _("email"), _("cohort"), _("client organization"), _("still enrolled"),
            _("progress %"), _("weeks done"), _("weeks due so far"), _("blocks completed"), _("completed"),
            _("sessions registered"), _("sessions attended"), _("sessions to come"), _("posts"), _("replies"),
            _("last activity"), _("at risk"), _("why")]


def cells(row):
    return [row.username, row.email, row.cohort, row.client_organization, row.is_active, row.progress,
            row.weeks_done, row.weeks_expected, row.blocks_done, row.completed, row.sessions_registered,
            row.sessions_attended, row.sessions_upcoming, row.posts, row.replies,
            row.last_activity.isoformat() if row.last_activity else None, row.at_risk,
            " ".join(reason.message for reason in row.at_risk_reasons)]


def csv_lines(rows):
    """Yield the CSV text line by line: the header, then one line per learner row (never the whole file)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, cell=safe_cell)

    def line(values):
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(header())
    for row in rows:
        yield line(cells(row))


def csv_pieces(rows, size=64 * 1024):
    """The CSV text in pieces of about ``size`` characters, for a streamed answer: a piece per line would cost the
    server a write (and an HTTP chunk) per learner."""
    lines, length = [], 0
    for text in csv_lines(rows):
        lines.append(text)
        length += len(text)
        if length >= size:
            yield "".join(lines)
            lines, length = [], 0
    if lines:
        yield "".join(lines)
