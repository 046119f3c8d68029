"""Interview stages and duration."""

from __future__ import annotations

import pytest

from bot.knowledge.document import Block, ParsedPosting, Section
from bot.knowledge.extract.interview import extract_duration, extract_interview
from bot.knowledge.extract.lines import flatten
from bot.knowledge.schema import Interview
from tests.knowledge.extract_fixtures import quoted, role, text_lines


def test_numbered_list_with_descriptions() -> None:
    """ "Recruiter screen (30 min): …" splits into a name and a description, in order."""
    r = role("01_usd_remote_us")
    assert r.interview is not None
    stages = [(s.name, s.description) for s in r.interview.stages]
    assert stages == [
        ("Recruiter screen (30 min)", "a conversation about your background"),
        ("Technical interview", "infrastructure design with two engineers"),
        ("Take-home exercise", "a short Terraform task"),
        ("Final interview with the VP of Engineering", None),
    ]
    for stage in r.interview.stages:
        quoted(stage.source, r)


def test_prose_first_then_finally() -> None:
    """ "First …, then …, and finally …" becomes three stages quoting the sentence."""
    r = role("02_eur_hybrid_berlin")
    assert r.interview is not None
    names = [s.name for s in r.interview.stages]
    assert names == [
        "A 30-minute call with our recruiter",
        "A technical interview with two engineers",
        "A meeting with our CTO",
    ]
    quoted(r.interview.source, r, "First, a 30-minute call")


def test_prose_starts_with_followed_by_ends_with() -> None:
    """ "The process starts with …, followed by …, and ends with …" gives three stages."""
    r = role("11_eu_timezones_prose_interview")
    assert r.interview is not None
    names = [s.name for s in r.interview.stages]
    assert len(names) == 3
    assert "chat with our founder" in names[0]
    assert "take-home assignment" in names[1]
    assert "pairing session" in names[2]


def test_other_lists() -> None:
    """ "Our process" and "Recruitment process" lists are stages too."""
    r7 = role("07_usd_monthly_latam")
    assert r7.interview is not None
    assert [s.name for s in r7.interview.stages][-1] == "Offer"
    r13 = role("13_pln_b2b_poland")
    assert r13.interview is not None and len(r13.interview.stages) == 3


def test_duration() -> None:
    """ "about 3 weeks" and "within 2 weeks" with days."""
    d2 = role("02_eur_hybrid_berlin").interview_duration
    assert d2 is not None and (d2.min_days, d2.max_days) == (21, 21)
    d11 = role("11_eu_timezones_prose_interview").interview_duration
    assert d11 is not None and (d11.min_days, d11.max_days) == (14, 14)
    quoted(d11.source, role("11_eu_timezones_prose_interview"), "within 2 weeks")


def test_absent_when_unstated() -> None:
    """No process, no stages; holidays are not a process duration."""
    assert role("05_no_salary_header_sum").interview is None
    assert role("06_gbp_up_to_ote").interview_duration is None
    lines = text_lines("You get 4 weeks of paid vacation.", "Our hiring process is fair.")
    assert extract_duration(lines) is None


def test_requirement_lists_are_not_stages() -> None:
    """A bullet list under "Requirements" is not an interview process."""
    assert role("03_gbp_day_rate_contract").interview is None
    assert extract_interview(text_lines("We hire carefully.")) is None


def test_one_sentence_per_step() -> None:
    """Sentences opening with First / Then / Finally are the stages, in order."""
    lines = text_lines(
        "Our hiring process is simple.",
        "First, you will have a 30-minute call with a recruiter.",
        "Then you will do a technical interview with two engineers.",
        "Finally, you will meet our CEO for a culture chat.",
    )
    interview = extract_interview(lines)
    assert interview is not None
    assert [s.name for s in interview.stages] == [
        "You will have a 30-minute call with a recruiter",
        "You will do a technical interview with two engineers",
        "You will meet our CEO for a culture chat",
    ]


def test_next_steps_and_first_conversation_are_not_a_sequence() -> None:
    """ "guide you through the next steps" and "Next there will be …" alone make no stages."""
    lines = text_lines(
        "Throughout the interview process, your recruiter will guide you through the next steps.",
        "Next there will be a deeper technical conversation with our founder.",
        "If you complete interviews, we will provide a decision within five business days.",
    )
    assert extract_interview(lines) is None


def test_numbered_list_split_by_the_parser_is_kept_whole() -> None:
    """ "3.Technical interview" (no space after the dot) still belongs to the list of four."""
    r = role("17_board_prefix_split_list")
    assert r.interview is not None
    names = [s.name for s in r.interview.stages]
    assert names == [
        "HR interview",
        "Meeting with the Head of Engineering",
        "Technical interview with live coding",
        "Final interview with the CTO",
    ]
    quoted(r.interview.source, r, "3.Technical interview with live coding - 90 min")


def _section(heading: str, *blocks: tuple[str, bool]) -> Interview | None:
    """The interview extracted from one section of paragraphs (False) and list items (True)."""
    doc = ParsedPosting(
        title="T",
        company="C",
        apply_url=None,
        header_salary=None,
        header_location=None,
        sections=(Section(heading, tuple(Block((t,), is_item=item) for t, item in blocks)),),
        text="",
    )
    return extract_interview(flatten(doc))


def test_bracketed_and_leading_durations_are_descriptions() -> None:
    """ "[30m] Recruiter Screen" and "30 min - Screening call" name the step, not the time."""
    interview = _section(
        "Interview Process:",
        ("30m] Recruiter Screen", True),
        ("30 min - Interview with our Chief of Staff", True),
        ("Tech Assessment (either take-home or live)", True),
    )
    assert interview is not None
    assert [(s.name, s.description) for s in interview.stages] == [
        ("Recruiter Screen", "30m"),
        ("Interview with our Chief of Staff", "30 min"),
        ("Tech Assessment (either take-home or live)", None),
    ]


def test_flattened_sub_items_describe_the_step_above() -> None:
    """A prose sub-item ("This is our initial touchpoint …") belongs to the stage before it."""
    interview = _section(
        "Interview Process",
        ("30mins] Interview with the Talent Team", True),
        ("This is our initial touchpoint. We're keen to understand your motivations.", True),
        ("1 hour] Interview with the hiring manager", True),
        ("You will be speaking with the hiring manager about the role and expectations.", True),
    )
    assert interview is not None
    assert [s.name for s in interview.stages] == [
        "Interview with the Talent Team",
        "Interview with the hiring manager",
    ]
    first = interview.stages[0]
    assert first.description is not None and "initial touchpoint" in first.description
    assert len(first.source) == 2


def test_stage_groups_are_one_process() -> None:
    """Lists introduced as "Introduction Stage" and "Team Interview Stage" are read together."""
    interview = _section(
        "Hiring Process",
        ("Below is the interview process you can expect for this role.", False),
        ("Introduction Stage - we have initial conversations to get to know you better.", False),
        ("30m] Recruiter Screen", True),
        ("15m] Hiring Manager Intro", True),
        ("Team Interview Stage - we then delve into your experience in more depth.", False),
        ("Async] Take home exercise", True),
        ("60m] Pairing Exercise", True),
    )
    assert interview is not None
    assert [s.name for s in interview.stages] == [
        "Recruiter Screen",
        "Hiring Manager Intro",
        "Take home exercise",
        "Pairing Exercise",
    ]


@pytest.mark.parametrize(
    ("heading", "items"),
    [
        (
            "What to expect:",
            (
                "Architect and implement advanced security measures for a cloud platform.",
                "Engage in the design and review of our infrastructure.",
                "Identify and resolve vulnerabilities in our open-source stack.",
            ),
        ),
        (
            "How To Apply",
            (
                "Make sure to read the description carefully and submit a custom letter.",
                "This is your chance to stand out: include a short video on why you'd be a fit.",
            ),
        ),
    ],
)
def test_duties_and_advice_under_loose_headings_are_not_stages(
    heading: str, items: tuple[str, ...]
) -> None:
    """Duties under "What to expect" and advice under "How to apply" are not interview steps."""
    assert _section(heading, *((t, True) for t in items)) is None
