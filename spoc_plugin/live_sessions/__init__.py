"""Live sessions: registrations, waitlist, attendance and check-in codes of live session slots."""
