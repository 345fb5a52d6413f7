"""Double of edx-platform's lms/djangoapps/bulk_email: the course email opt-out (``Optout``) and its ACE policy."""
