"""The weekly checkpoint block (``spoc_weekly_checkpoint``)."""
from .block import WeeklyCheckpointBlock

__all__ = ["WeeklyCheckpointBlock"]
