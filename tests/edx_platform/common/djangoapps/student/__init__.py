"""Double of edx-platform's ``common/djangoapps/student`` app (label ``student``)."""
