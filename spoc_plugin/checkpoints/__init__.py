"""Weekly checkpoints: submissions, linked items, help requests, the follow-up table and nudges."""
