"""The long tail: quoting the posting behind its own gate."""

from __future__ import annotations

from pathlib import Path

from bot.answers.longtail import SentenceIndex, cue_for, looks_job_related, stem
from tests.answers.support import role

EXTRA = Path(__file__).resolve().parent.parent / "fixtures" / "postings_extra"


def test_stem() -> None:
    """Light stemming joins inflections."""
    assert stem("unionised") == "union"
    assert stem("reporting") == "report"
    assert stem("travelling") == "travel"


def test_topic_cue_quotes_the_answering_sentence() -> None:
    """ "Who would I report to?" quotes the reporting-line sentence."""
    index = SentenceIndex(role("us_remote").sentences)
    quote = index.quote("who would I report to?")
    assert quote is not None
    assert quote.sentences == ("You will report to the Director of CRM Engineering.",)


def test_topic_cue_without_a_sentence_declines() -> None:
    """No sentence about travel in the seed: no quote (not a look-alike sentence)."""
    assert SentenceIndex(role("monzo").sentences).quote("how much travel is involved?") is None


def test_report_word_alone_does_not_quote_a_report_title() -> None:
    """The seed's "Diversity and Inclusion Report" does not answer a reporting-line question."""
    assert SentenceIndex(role("monzo").sentences).quote("who is my line manager?") is None


def test_bm25_needs_two_content_words() -> None:
    """A single shared word is not enough to quote a sentence."""
    index = SentenceIndex(role("monzo").sentences)
    assert index.quote("what about cables?") is None
    quote = index.quote("do you have physical datacenter sites?")
    assert quote is not None and "datacenter" in quote.sentences[0]


def test_job_related() -> None:
    """Job words make a question eligible; cooking does not."""
    assert looks_job_related("is the role unionised?")
    assert looks_job_related("how does the 401(k) match work?")
    assert not looks_job_related("how do I make sourdough?")


def test_cue_for() -> None:
    """Topic cues are found by their question patterns."""
    cue = cue_for("How much travel is there?")
    assert cue is not None and cue.topic == "travel" and cue.exclusive
    assert cue_for("what's the salary?") is None


def test_equipment_the_company_sells_is_not_equipment_for_the_hire() -> None:
    """ "Companies that provide equipment to their employees" doesn't answer "laptop?"."""
    index = SentenceIndex(
        ["We build systems for companies that provide uniforms and equipment to employees."]
    )
    assert index.quote("Do you provide a laptop?") is None
    given = SentenceIndex(["Work equipment of your choice."])
    assert given.quote("Will I get a laptop?") is not None


def test_stem_joins_plural_and_gerund() -> None:
    """ "timings" and "timing" meet (a plural loses its "s" before the gerund)."""
    assert stem("timings") == stem("timing")
    assert stem("bonuses") == stem("bonus")


def test_cue_quote_names_what_it_does_not_settle() -> None:
    """A quote on the topic that lacks the question's other words is marked as not settling."""
    from bot.knowledge.build import build_file

    night = build_file(EXTRA / "night_shift.md")
    index = SentenceIndex(night.sentences)
    timings = index.quote("What are the shift timings?")
    assert timings is not None and not timings.missing
    allowance = index.quote("Is there a night shift allowance?")
    assert allowance is not None and "allowance" in allowance.missing


def test_the_jobs_own_name_is_no_evidence() -> None:
    """ "How big is the credit modeling team?" is not answered by any sentence that merely
    mentions credit modeling, the job's own subject."""
    sentences = (
        "Develop end-to-end ML pipelines for credit modeling, including model training.",
        "We offer flexible hours.",
    )
    index = SentenceIndex(sentences, "Machine Learning Engineer (Credit Modeling)")
    assert index.quote("How big is the credit modeling team?") is None
    assert SentenceIndex(sentences).quote("How big is the credit modeling team?") is not None


def test_a_topic_spread_over_three_lines_is_quoted_whole() -> None:
    """ "What's the on-call like?" quotes up to three on-call sentences, rotation lengths too."""
    sentences = (
        "Be a part of your team's on-call rotations and own your services.",
        "Been a user of Grafana in operational roles (including on-call at a previous job).",
        "You took part in weekday 12h x 5d and weekend 24h x 2d on-call rotations.",
        "We offer flexible hours.",
    )
    quote = SentenceIndex(sentences).quote("What's the on-call like?")
    assert quote is not None and len(quote.sentences) == 3
    assert any("12h" in s for s in quote.sentences)
