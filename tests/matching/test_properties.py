"""Property tests: the matcher never raises, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.matching import Matcher

HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet="\u202e\u200f\u0627\u0644\u05d0\u200d\U0001f600\U0001f469\u0000\x1b\t\n\r"),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=200),
    st.sampled_from(["", " ", "\x00" * 50, "a" * 100_000, "salary? " * 12_500, "😀" * 30_000]),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE)
def test_match_never_raises(matcher: Matcher, text: str) -> None:
    """Any Unicode text (emoji, RTL, control characters, empty, 100 KB) gives a valid result."""
    result = matcher.match(text)
    assert all(0.0 <= c.score <= 1.0 for c in result.candidates)
    assert 0.0 <= result.confidence <= 1.0
    assert set(result.accepted) <= {i.id for i in matcher.catalogue.intents}
    assert len(result.normalized) <= 1000
