"""The evidence check: a matched intent must share a content word with the question."""

from __future__ import annotations

from bot.answers.evidence import Evidence
from tests.answers.support import matcher


def test_shared_content_word_supports() -> None:
    """ "how much travel" shares nothing with the salary intent; "how much pay" does."""
    m = matcher()
    evidence = Evidence(m.catalogue, m.normalizer.tokens)
    assert not evidence.supports("salary", " ".join(m.normalizer.tokens("how much travel")))
    assert evidence.supports("salary", " ".join(m.normalizer.tokens("how much pay")))
    assert evidence.supports("salary", "how much")  # function words only: trust the matcher
