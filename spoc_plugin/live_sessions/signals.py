"""What live sessions announce to the rest of the plugin (Django signals, sent after the commit)."""
from django.dispatch import Signal

#: Slots that learners may hold seats on were moved or cancelled. Keyword arguments: ``course_key`` and
#: ``usage_key`` (strings) and ``changes`` (a list of ``SlotChange.as_dict()``).
slots_changed = Signal()
