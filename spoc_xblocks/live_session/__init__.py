"""The live session block (``spoc_live_session``)."""
from .block import LiveSessionBlock

__all__ = ["LiveSessionBlock"]
