"""Hypothesis strategies for what an attacker or a broken client sends: any JSON, and well-aimed values.

``any_json``: every JSON shape, with text that a database or a page could choke on (lone surrogates, NUL,
``</script>``, "²"), integers far beyond 64 bits, floats, deep-ish nesting. ``payload_for``: a JSON object
with the keys a handler or endpoint reads, each either a plausible value (so that checks deeper in the
code are reached) or anything at all.
"""
from hypothesis import strategies as st

#: Text that broke something once, or that could.
NASTY_TEXT = [
    "", " ", "²", "١٢", "\ud800", "x\udfffy", "\x00", "a\x00b", "\x1b[31m", "\ufffe",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "//evil.example/pixel.png", "https://example.com/a b",
    "https://example.com/\"><svg onload=alert(1)>", "9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z",
    "2026-12-01T18:00", "1e309", "-1", "0", "99999999999999999999999", "NaN", "null", "Acme", "alice",
    "=cmd|' /C calc'!A0", "Great idea;=cmd|' /C calc'!A0", "K\u212aelvin@example.com", "x" * 3000,
]
TEXT = st.one_of(st.sampled_from(NASTY_TEXT), st.text(st.characters(exclude_categories=()), max_size=30))
INTEGERS = st.one_of(st.integers(min_value=-3, max_value=10), st.integers(min_value=-(2**80), max_value=2**80),
                     st.sampled_from([2**31, 2**63, 2**64, -(2**63) - 1]))
SCALARS = st.one_of(st.none(), st.booleans(), INTEGERS, st.floats(allow_nan=False, allow_infinity=False), TEXT)
any_json = st.recursive(
    SCALARS, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)),
    max_leaves=12,
)


def payload_for(keys, hints=None):
    """A JSON object over ``keys``, each present or not; a key's value is one of its ``hints`` (plausible values)
    or any JSON at all."""
    hints = hints or {}
    return st.fixed_dictionaries({}, optional={
        key: st.one_of(st.sampled_from(hints[key]), any_json) if hints.get(key) else any_json for key in keys
    })


def bodies(keys, hints=None):
    """What a client may POST: mostly objects over the expected keys, sometimes any JSON, sometimes not JSON."""
    return st.one_of(
        payload_for(keys, hints).map(lambda value: ("json", value)),
        any_json.map(lambda value: ("json", value)),
        st.sampled_from([b"", b"{", b"\xff\xfe", b"[" * 3000 + b"]" * 3000, b'{"a": 1e999}']).map(
            lambda raw: ("raw", raw)),
    )
