"""Weekly checkpoints: submissions, linked items, help requests, the tutors' follow-up table and nudges, and the
at-risk rules (``at_risk``) that the follow-up table and the completion reports both read.

The block validates its own content (checklist ids, questions); these modules own the data rules: one
submission per learner and checkpoint, editable until the due date, late first submissions accepted and
marked late.
"""
