"""The per-learner progress rows the reports read, kept current by every write (a layer under the domains)."""
