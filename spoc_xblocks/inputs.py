"""What the blocks share to read input: the error for input a block refuses."""


class InputError(ValueError):
    """Input a block refuses (an author's slot or content, an imported OLX value), worded for people by :meth:`text`.

    ``message`` is an untranslated block string that ``params`` fill; ``label`` (untranslated) names the field when
    the problem is one field's. A param that is itself an ``InputError`` is worded in the same language, so that an
    error can say where another happened (``Slot {number}: {problem}``).
    """

    def __init__(self, message, label="", **params):
        super().__init__(message)
        self.message, self.label, self.params = message, label, params

    def text(self, translate=str, with_label=True):
        """The whole problem for people, each part translated with ``translate`` before it is filled in; without
        ``with_label``, the field's name is left out (the problem is shown next to its field)."""
        problem = translate(self.message)
        if self.params:
            problem = problem.format(**{
                name: value.text(translate, with_label) if isinstance(value, InputError) else value
                for name, value in self.params.items()})
        if self.label and with_label:
            problem = f"{translate(self.label)}: {problem}"
        return problem
