"""Team size, named teams, matching and mobility."""

from __future__ import annotations

from bot.knowledge.extract.team import extract_team
from tests.knowledge.extract_fixtures import quoted, role, text_lines


def test_team_facts() -> None:
    """40 engineers of 400 people, four named groups, matching and mobility, all quoted."""
    r = role("16_team_levels_always_hiring")
    team = r.team
    assert (team.engineers, team.total_people) == (40, 400)
    quoted(team.size_source, r, "about 40 engineers in a company of around 400 people")
    assert team.teams == ("Payments", "Lending", "Risk", "Onboarding")
    quoted(team.teams_source, r, "They are: Payments")
    assert team.matching is not None and team.mobility is not None
    quoted(team.matching.source, r, "match you with a team")
    quoted(team.mobility.source, r, "move between teams")


def test_customers_are_not_headcount() -> None:
    """ "serve more than 2,000 clinics" and "80,000 merchants" are not the company's size."""
    assert role("01_usd_remote_us").team.total_people is None
    assert role("15_usd_range_per_location").team.total_people is None


def test_hiring_counts_are_not_team_size() -> None:
    """ "We're hiring 5 engineers" is not how many engineers there are."""
    team = extract_team(text_lines("We're hiring 5 engineers this quarter."))
    assert team.engineers is None


def test_engineering_team_headcount_counts_engineers() -> None:
    """ "an engineering team of around 450 people" is engineers, not the whole company."""
    text = "Our product is built by a multi-discipline engineering team of around 450 people."
    team = extract_team(text_lines(text))
    assert (team.engineers, team.total_people) == (450, None)


def test_led_teams_and_interview_panels_are_not_headcount() -> None:
    """Teams you would lead and people you meet in interviews say nothing of the company."""
    lines = text_lines(
        "Lead a team of 7 engineers.",
        "60 min Zoom meetings with 3 team members you'd work closely with.",
    )
    team = extract_team(lines)
    assert (team.engineers, team.total_people) == (None, None)
