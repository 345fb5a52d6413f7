"""Messages to learners and tutors through edx-ace: the message type base, delivery, the opt-out and its policy.

Each domain declares its message types (``<domain>/message_types.py``, as the platform's apps do) with templates at
``spoc_plugin/templates/spoc_plugin/edx_ace/<name>/email/`` and sends them with :func:`deliver`.
"""
from .base import LEARNERS, TUTORS, SpocMessageType
from .delivery import MessageNotSent, deliver, deliver_to_address

__all__ = ["LEARNERS", "TUTORS", "MessageNotSent", "SpocMessageType", "deliver", "deliver_to_address"]
