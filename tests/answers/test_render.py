"""Renderers: each fact family on fixture roles, and honesty when a fact is missing."""

from __future__ import annotations

import pytest

from bot.answers.render import RENDERERS, render
from bot.knowledge.schema import Degree, Role
from tests.answers.support import role

SEED = role("monzo")
BARE = role("bare")
US = role("us_remote")
HOURLY = role("hourly_contract")


def test_salary_uses_the_range_and_never_the_board_header() -> None:
    """The seed's salary is its stated range, with equity, quoting its source."""
    out = render(SEED, "salary")
    assert out is not None and out.answered
    assert "£95,000 - £150,000 a year" in out.text
    assert "245" not in out.text
    assert any("base salary" in s for s in out.sources)


def test_hourly_pay_is_rendered_per_hour() -> None:
    """An "up to $30 per hour" rate stays an hourly cap."""
    out = render(HOURLY, "salary")
    assert out is not None and out.text == "The pay is up to $30 an hour."


@pytest.mark.parametrize(
    "answer",
    sorted(
        {
            "salary", "equity", "benefits", "learning_budget", "working_hours", "relocation",
            "visa", "remote", "location", "interview", "interview_duration", "take_home",
            "system_design", "tech_stack", "tech:database", "tech:queue", "requirements",
            "degree", "team_size", "teams", "team_matching", "mobility", "contact",
            "closing", "about", "diversity", "open_source", "benefit:holiday",
            "benefit:pension", "benefit:health", "benefit:parental", "benefit:bonus",
            "benefit:probation", "day_to_day", "levels", "apply",
        }
    ),
)  # fmt: skip
def test_missing_facts_are_never_invented(answer: str) -> None:
    """On a posting that states nothing, every renderer declines and quotes nothing."""
    out = render(BARE, answer, "")
    assert out is not None
    assert not out.answered
    assert out.sources == ()
    assert "doesn't" in out.text


def test_every_catalogue_answer_has_a_renderer() -> None:
    """Each job intent in the shipped catalogue names an existing renderer."""
    from tests.answers.support import matcher

    for intent in matcher().catalogue.intents:
        if intent.kind == "job":
            assert (intent.answer or intent.id).partition(":")[0] in RENDERERS, intent.id


def test_unknown_points_to_the_contact() -> None:
    """A fact the posting lacks names the contact email to ask."""
    out = render(SEED, "benefit:pension")
    assert out is not None and not out.answered
    assert "tech-hiring@monzo.com" in out.text and "benefit" in out.text


def test_unknown_without_contact_points_to_the_apply_link() -> None:
    """Without a contact email the apply link is the pointer."""
    out = render(HOURLY, "interview")
    assert out is not None and not out.answered
    assert "https://www.remotewlb.com/apply/urgent-remote-ai-engineer-contract" in out.text


def test_benefit_kind_found_in_items() -> None:
    """A stated benefit of the asked kind is quoted (401k for pension)."""
    out = render(US, "benefit:pension")
    assert out is not None and out.answered and "401k" in out.text


def test_benefit_kind_needs_the_words_not_just_the_kind() -> None:
    """An item merely labelled "health" (a mission statement) is not health insurance."""
    out = render(US, "benefit:health")
    assert out is not None and "healthcare" in out.text
    assert "ambitious vision" not in out.text


def test_visa_no_is_a_clear_no() -> None:
    """ "No sponsorship" is answered as a no, with its sentence."""
    out = render(US, "visa")
    assert out is not None and out.answered
    assert out.text.startswith("No") and "unable to sponsor" in out.text


@pytest.mark.parametrize(
    ("question", "expected", "answered"),
    [
        ("Can I work from Germany?", "isn't covered", True),
        ("Can I live in Edinburgh?", "Edinburgh is in the United Kingdom", True),
        ("could I be based in London", "London is one of the role's locations", True),
        ("Can I work from anywhere?", "not from anywhere", True),
    ],
)
def test_work_from_place_uses_the_geographic_limits(
    question: str, expected: str, answered: bool
) -> None:
    """UK-only remote work: Germany isn't covered, Edinburgh is."""
    out = render(SEED, "remote", question)
    assert out is not None and out.answered is answered
    assert expected in out.text


def test_work_from_place_for_us_only_role() -> None:
    """A US-only remote role covers Texas but not Canada."""
    texas = render(US, "remote", "can I work from Texas?")
    canada = render(US, "remote", "can I work from Canada?")
    assert texas is not None and texas.text.startswith("Yes")
    assert canada is not None and "isn't covered" in canada.text


def test_named_technology_absent_is_never_a_yes() -> None:
    """ "Do you use Rust?" on a stack without Rust says the posting doesn't mention it."""
    out = render(SEED, "tech:language", "Do you use Rust?")
    assert out is not None and not out.answered
    assert "doesn't mention Rust" in out.text


def test_named_technology_present() -> None:
    """ "Do you use Docker?" quotes the stack item."""
    out = render(SEED, "tech:orchestration", "Do you use Docker?")
    assert out is not None and out.answered and "Docker" in out.text
    assert out.sources == ("Kubernetes and Docker to schedule and run our services",)


def test_tech_category_answers_from_the_stack() -> None:
    """ "What message broker?" answers from the queue category."""
    out = render(SEED, "tech:queue", "what message broker do you run")
    assert out is not None and "Kafka" in out.text


def test_interview_stages_and_final_round() -> None:
    """Stages are listed in order; the final round is the last stage."""
    out = render(SEED, "interview")
    assert out is not None and "1. Initial Call" in out.text and "2-3 weeks" in out.text
    final = render(SEED, "system_design", "what's the last interview like?")
    assert final is not None and "system design" in final.text


def test_unknown_renderer_name_is_none() -> None:
    """A catalogue answer with no renderer yields None rather than raising."""
    assert render(SEED, "no_such_renderer") is None


def _with_sentences(*sentences: str) -> Role:
    return BARE.model_copy(update={"sentences": sentences})


def test_missed_fact_is_quoted_from_the_posting() -> None:
    """A degree sentence the extractor missed is quoted as written."""
    out = render(_with_sentences("Bachelor’s degree in Computer Science required."), "degree")
    assert out is not None and out.answered
    assert out.sources == ("Bachelor’s degree in Computer Science required.",)


def test_look_alike_words_are_not_quoted() -> None:
    """ "A high degree of ownership" is not about degrees; EEO text is not an interview process."""
    role_ = _with_sentences(
        "You will have a high degree of ownership.",
        "If you need an accommodation during the interview process, tell us.",
    )
    for answer in ("degree", "interview"):
        out = render(role_, answer)
        assert out is not None and not out.answered and out.sources == ()


def test_board_only_salary_is_flagged() -> None:
    """A salary only the job board states is given as the board's, with a pointer."""
    comp = HOURLY.compensation
    assert comp is not None
    board = HOURLY.model_copy(update={"compensation": comp.model_copy(update={"from_board": True})})
    out = render(board, "salary")
    assert out is not None and "job board lists the pay as up to $30 an hour" in out.text
    assert "doesn't state a salary" in out.text


def test_remote_scan_needs_a_work_model_phrase() -> None:
    """ "Remote office" products are not a remote policy; "fully remote" is quoted."""
    out = render(_with_sentences("Build remote office and zero trust security products."), "remote")
    assert out is not None and not out.answered and out.sources == ()
    out = render(_with_sentences("This is a fully remote position."), "remote")
    assert out is not None and out.answered
    assert out.sources == ("This is a fully remote position.",)


def test_salary_scan_skips_perk_amounts() -> None:
    """A yearly perk amount is not quoted as pay; a pay sentence the extractor missed is."""
    out = render(_with_sentences("$400/year Continuing Education Credit."), "salary")
    assert out is not None and not out.answered and out.sources == ()
    pay = "The base pay for this role is $120,000 to $140,000 depending on experience."
    out = render(_with_sentences(pay), "salary")
    assert out is not None and out.answered and out.sources == (pay,)


def test_salary_with_one_range_per_location_quotes_each() -> None:
    """Ranges that differ by location are quoted one by one, not only merged."""
    from bot.knowledge.schema import Compensation

    bay = "Bay Area hires: an annual salary of $140,000 - $172,000."
    colorado = "Colorado hires: an annual salary of $115,000 - $160,000."
    comp = Compensation(
        currency="USD", min=115000, max=172000, period="year", text=bay, source=(bay, colorado)
    )
    out = render(BARE.model_copy(update={"compensation": comp}), "salary")
    assert out is not None and out.answered
    assert "depends on location" in out.text and bay in out.text and colorado in out.text
    same = Compensation(
        currency="USD",
        min=115000,
        max=160000,
        period="year",
        text=colorado,
        source=(colorado, "Pay: $115,000 - $160,000."),
    )
    out = render(BARE.model_copy(update={"compensation": same}), "salary")
    assert out is not None and out.text.startswith("The pay is $115,000 - $160,000 a year")


@pytest.mark.parametrize(
    ("text", "required", "expected"),
    [
        ("We don't require diplomas or degrees, only practical experience.", True, "isn't a"),
        ("Bachelor's degree or equivalent practical experience.", False, "isn't strictly"),
        ("Bachelor's degree in Computer Science required.", True, "Yes, a degree"),
    ],
)
def test_degree_answer_follows_the_sentence(text: str, required: bool, expected: str) -> None:
    """A sentence saying no degree is needed wins over the flag; "or equivalent" is hedged."""
    fact = Degree(required=required, text=text, source=(text,))
    out = render(BARE.model_copy(update={"degree": fact}), "degree")
    assert out is not None and out.answered and expected in out.text


@pytest.mark.parametrize(
    ("answer", "sentence", "answered"),
    [
        ("visa", "Coach and executive sponsor a team of sales AEs.", False),
        ("visa", "We don't discriminate on citizenship or immigration status.", False),
        ("visa", "We don't sponsor H1Bs for this role.", True),
        ("closing", "Drive deadline compliance in a regulated environment.", False),
        ("closing", "There is no specific deadline to apply for this role.", True),
        ("learning_budget", "Solid understanding of web development fundamentals.", False),
        ("learning_budget", "We foster your personal and professional development.", True),
        ("quote:report", "Manage a subset of engineers that will report to you.", False),
        ("quote:report", "Provide detailed research reports to the sales team.", False),
        ("quote:report", "This role reports to the Engineering Manager.", True),
        ("quote:travel", "Private life and travel insurance.", False),
        ("quote:travel", "Up to 20% domestic travel.", True),
    ],
)
def test_scanned_quotes_need_the_topic_not_the_word(
    answer: str, sentence: str, answered: bool
) -> None:
    """A quoted sentence must be about the topic asked, not merely share its word."""
    out = render(_with_sentences(sentence), answer, "?")
    assert out is not None and out.answered is answered


@pytest.mark.parametrize(
    ("sentence", "answered"),
    [
        ("Join a network of travel brands including KAYAK and momondo.", False),
        ("Willingness to travel to client sites as needed.", True),
        ("Quarterly Travel: we meet up 4x per year.", True),
        ("This position doesn't require any travel.", True),
    ],
)
def test_travel_quotes_are_about_travelling_for_the_job(sentence: str, answered: bool) -> None:
    """Travel the job asks for is quoted; a travel company's brands are not."""
    out = render(_with_sentences(sentence), "quote:travel", "?")
    assert out is not None and out.answered is answered


def test_a_named_kind_of_equity_the_posting_lacks_is_not_a_yes() -> None:
    """ "Is there an ESPP?" with stock options stated says so instead of "yes"."""
    out = render(SEED, "equity", "Do you offer an employee stock purchase plan?")
    assert out is not None and not out.text.startswith("Yes")
    assert "stock options" in out.text and "doesn't mention" in out.text


def test_a_yes_carries_the_sentence_with_its_conditions() -> None:
    """ "Share options plan after 6 months" gives the yes and the sentence (the 6 months)."""
    from bot.knowledge.schema import Equity

    sentence = "Share options plan after 6 months of working with us."
    role = SEED.model_copy(update={"equity": Equity(text="Share options", source=(sentence,))})
    out = render(role, "equity", "Are there stock options?")
    assert out is not None and out.text.startswith("Yes") and "after 6 months" in out.text


def test_requirements_are_not_cut_short_silently() -> None:
    """Up to twelve requirements are listed; beyond that the answer says how many more."""
    from bot.knowledge.schema import Requirement, Requirements

    must = tuple(Requirement(text=f"Skill number {n}", source=(f"s{n}",)) for n in range(15))
    role = SEED.model_copy(update={"requirements": Requirements(must=must)})
    out = render(role, "requirements", "What skills are needed?")
    assert out is not None and "Skill number 11" in out.text and "3 more" in out.text
