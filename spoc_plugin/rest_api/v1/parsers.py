"""Request parsers of the v1 views: DRF's, with JSON too deeply nested answered as a 400 like any malformed JSON."""
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser; a document nested beyond Python's recursion limit is a ``ParseError`` (400), not a 500.

    (``json.load`` raises ``RecursionError`` on, say, 2,000 nested arrays, which DRF lets through.)
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from exc


#: The parsers every v1 view accepts.
PARSERS = [SafeJSONParser, FormParser, MultiPartParser]
