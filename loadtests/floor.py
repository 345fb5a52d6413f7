"""The framework floor: a block whose one handler does nothing, served by the same stack as the SPOC blocks."""
from xblock.core import XBlock


class FloorBlock(XBlock):
    """An empty JSON handler: what a request costs through gunicorn, Django, the workbench and the runtime."""

    @XBlock.json_handler
    def ping(self, data, suffix=""):
        return {}

    def student_view(self, context=None):
        from web_fragments.fragment import Fragment

        return Fragment("<p>floor</p>")
