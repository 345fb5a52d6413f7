"""The framework floor: a block whose one handler does nothing, served by the same stack as the SPOC blocks."""
from importlib.metadata import EntryPoint

from xblock.core import XBlock

BLOCK_TYPE = "spoc_load_floor"


class FloorBlock(XBlock):
    """An empty JSON handler: what a request costs through gunicorn, Django, the workbench and the runtime."""

    @XBlock.json_handler
    def ping(self, data, suffix=""):
        return {}

    def student_view(self, context=None):
        from web_fragments.fragment import Fragment

        return Fragment("<p>floor</p>")


def register():
    """Make the floor loadable as an installed block is (an ``xblock.v1`` entry point), without shipping it."""
    if not any(name == BLOCK_TYPE for name, _ in XBlock.extra_entry_points):
        XBlock.extra_entry_points.append(
            (BLOCK_TYPE, EntryPoint(name=BLOCK_TYPE, value="loadtests.floor:FloorBlock", group="xblock.v1")))
