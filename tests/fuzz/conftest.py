"""Fuzzing figures: what each target was sent and answered, printed at the end of the run."""
from collections import Counter, defaultdict

#: (target, role) -> Counter of answer statuses.
FIGURES = defaultdict(Counter)


def record(target, role, status):
    FIGURES[(target, role)][status] += 1


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("fuzzing: examples tried per target and role, by answer status")
    total = Counter()
    for (target, role), statuses in sorted(FIGURES.items()):
        total.update(statuses)
        shown = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
        terminalreporter.write_line(f"{target:<48} {role:<13} {sum(statuses.values()):>5}  ({shown})")
    server_errors = sum(count for status, count in total.items() if status >= 500)
    terminalreporter.write_line(f"in all: {sum(total.values())} examples, {server_errors} answered 5xx")
