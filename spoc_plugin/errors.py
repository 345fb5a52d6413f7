"""The base of every refusal of the plugin's API, so that blocks, views and commands answer them alike."""


class SpocError(Exception):
    """A call the plugin's rules refuse; nothing was changed.

    ``message``: the sentence for people (already translated by the plugin, or English that the calling
    block translates); ``status``: the HTTP status to answer; ``code``: a stable reason for programs and
    tracking events; ``details``: data about the refusal. Each domain's subclass sets its defaults.
    """

    status = 400
    code = "invalid"

    def __init__(self, message="", *, status=None, code=None, **details):
        super().__init__(message or code or self.code)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.details = details
