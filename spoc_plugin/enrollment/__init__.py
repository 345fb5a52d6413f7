"""Private cohort enrollment: the gate, invitations, company codes, joining a cohort, cohort administration."""
