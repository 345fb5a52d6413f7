"""The blocks' handlers: a JSON handler checks the caller's rights and the input before the block's method runs;
downloads (GET handlers) answer what they cannot give in plain text."""
import functools
import json

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from spoc_plugin.errors import SpocError
from spoc_plugin.validation import validated

from .editor import FieldErrors, Submission


def json_handler(serializer_class=None, access=None, per_field=False):
    """A JSON handler of a SPOC block: the caller's rights, then the input, are checked before the method runs.

    ``access``: the name of the block's method checking the caller's rights (``"require_staff"``,
    ``"require_author"``...), called first. POST only; the body must be a JSON object (malformed, too deeply
    nested or not an object: a 400), and with ``serializer_class`` (a DRF serializer of
    :mod:`spoc_plugin.validation` fields) the method gets its validated data instead of the raw object:
    anything that does not fit is a 400 naming the field, before anything is written. A ``SpocError`` of
    the plugin's API, or a ``JsonHandlerError``, becomes its status and message.

    ``per_field`` (the Studio editors): the method gets a :class:`~spoc_xblocks.editor.Submission` holding every
    field's problem, adds its own and calls ``check()`` before it writes; a :class:`~spoc_xblocks.editor.FieldErrors`
    is a 400 ``{"error": every problem, "errors": {field: problem}}``.
    """
    def decorate(method):
        @functools.wraps(method)
        def handler(self, request, suffix=""):
            if request.method != "POST":
                return JsonHandlerError(405, self._("Use POST.")).get_response(allow=["POST"])
            try:
                if access is not None:
                    getattr(self, access)()
                try:
                    data = json.loads(request.body.decode("utf-8"))
                except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond the parser
                    raise JsonHandlerError(400, self._("Send a JSON object.")) from None
                if per_field:
                    if not isinstance(data, dict):
                        raise JsonHandlerError(400, self._("Send a JSON object."))
                    data = Submission.of(serializer_class, data)
                elif serializer_class is not None:
                    data = validated(serializer_class, data)
                elif not isinstance(data, dict):
                    raise JsonHandlerError(400, self._("Send a JSON object."))
                result = method(self, data, suffix)
            except JsonHandlerError as error:
                return error.get_response()
            except FieldErrors as error:
                body = {"error": error.text(self._), "errors": error.texts(self._)}
                return Response(json.dumps(body), status=400, content_type="application/json", charset="utf-8")
            except SpocError as error:
                return self.refusal(error).get_response()
            return Response(json.dumps(result), content_type="application/json", charset="utf-8")

        handler.input_serializer = serializer_class  # what the handler accepts, for tools and tests
        return XBlock.handler(handler)

    return decorate


def text_response(status, message, allow=None):
    """A plain-text answer of a download handler that cannot give what was asked; ``allow``: the methods it takes
    (a 405's ``Allow`` header)."""
    response = Response(body=message.encode("utf-8"), status=status, content_type="text/plain", charset="utf-8")
    if allow:
        response.allow = allow
    return response
