"""Location, work model and its geographic limits."""

from __future__ import annotations

import pytest

from bot.knowledge.extract.location import extract_location
from tests.knowledge.extract_fixtures import quoted, role, text_lines


@pytest.mark.parametrize(
    ("name", "policy", "regions", "offices", "needle"),
    [
        ("01_usd_remote_us", "remote", ("United States",), (), "fully remote position"),
        ("02_eur_hybrid_berlin", "hybrid", (), ("Berlin",), "two days a week in our Berlin"),
        ("03_gbp_day_rate_contract", "remote", ("United Kingdom",), (), "Remote within the UK"),
        (
            "04_usd_hourly_latam",
            "remote",
            ("Latin America", "US Eastern time zone"),
            (),
            "100% remote for candidates based in Latin America",
        ),
        ("06_gbp_up_to_ote", "hybrid", (), ("London",), "three days a week in our London"),
        ("07_usd_monthly_latam", "remote", ("Latin America",), (), "anywhere in Latin America"),
        ("08_cad_canada_no_visa", "remote", ("Canada",), (), "residents of Canada only"),
        ("09_onsite_sf_relocation", "onsite", (), ("San Francisco",), "on-site role"),
        (
            "11_eu_timezones_prose_interview",
            "remote",
            ("EU time zones", "UTC-1 to UTC+3"),
            (),
            "within EU time zones (UTC-1 to UTC+3)",
        ),
        ("13_pln_b2b_poland", "remote", ("Poland",), (), "anywhere in Poland"),
        ("14_eur_day_rate_netherlands", "remote", ("Netherlands",), (), "Remote within the"),
        ("16_team_levels_always_hiring", "hybrid", (), ("Dublin",), "This role is hybrid"),
    ],
)
def test_work_model_from_the_body(
    name: str, policy: str, regions: tuple[str, ...], offices: tuple[str, ...], needle: str
) -> None:
    """Policy, regions and offices as the posting states them, quoted."""
    r = role(name)
    loc = r.location
    assert loc is not None
    assert (loc.remote, loc.regions, loc.offices) == (policy, regions, offices)
    quoted(loc.source, r, needle)


def test_board_header_is_a_fallback_when_the_body_is_silent() -> None:
    """ "Europe (Remote)" in the header gives remote within Europe, quoted from the header."""
    r = role("05_no_salary_header_sum")
    loc = r.location
    assert loc is not None
    assert (loc.remote, loc.regions) == ("remote", ("Europe",))
    assert loc.source == ("Europe (Remote)",)


def test_board_prefix_alone_says_nothing() -> None:
    """The board's lowercase "remote," prefix before a city is not evidence of remote work."""
    assert extract_location(text_lines("We build things."), "remote,Krakow") is None


def test_header_without_remote_word_gives_no_policy() -> None:
    """A bare place in the header ("Denver, CO") states no work model."""
    assert role("12_single_figure_go_verb").location is None


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("This role can be based in our London office, or remote within the UK.", "flexible"),
        ("We use a hybrid work model of 3 days in the office per week.", "hybrid"),
        ("This is a full-time on-site role located in Beirut.", "onsite"),
        ("We are a remote-first company.", "remote"),
        ("Based out of our DC office but you may choose to work on a remote basis.", "flexible"),
        ("You are available to work in-office at least 3-4 days a week.", "hybrid"),
        ("This position is open to both remote and hybrid applicants.", "flexible"),
        ("Hybrid working from our Lisbon office or working remotely from Portugal.", "flexible"),
        ("This role is based in our London office, but remote work is not possible.", "onsite"),
    ],
)
def test_policy_phrasings(text: str, policy: str) -> None:
    """Real work-model phrasings."""
    loc = extract_location(text_lines(text), None)
    assert loc is not None and loc.remote == policy


@pytest.mark.parametrize(
    "text",
    [
        "Deploy our services to a hybrid AWS environment.",
        "Experience working with remote teams across time zones.",
        "Free lunch, snacks and drinks every day in office.",
        "The final round is a virtual on-site interview.",
        "This is an engagement through Upwork’s Hybrid Workforce Solutions team.",
    ],
)
def test_not_a_work_model(text: str) -> None:
    """Hybrid cloud, remote teams, office snacks and on-site interviews are not policies."""
    loc = extract_location(text_lines(text), None)
    assert loc is None or loc.remote is None


def test_regions_listed_after_a_limit() -> None:
    """ "remote working from Germany, France, The Netherlands" limits to all three."""
    text = "We offer remote working from Germany, France, The Netherlands and London."
    loc = extract_location(text_lines(text), None)
    assert loc is not None and loc.regions == ("Germany", "France", "Netherlands")


def test_office_based_role_beats_a_remote_header() -> None:
    """ "This role will be based in our Tallinn office" is onsite even under a Remote header."""
    loc = extract_location(text_lines("This role will be based in our Tallinn office."), "Remote")
    assert loc is not None and (loc.remote, loc.offices) == ("onsite", ("Tallinn",))


def test_header_supplies_the_work_model_when_the_body_names_only_headquarters() -> None:
    """ "Headquartered in NYC" is where the company sits, not an office of the role; the
    header's "Brazil (Remote)" gives remote within Brazil."""
    lines = text_lines("Founded in 2012 and headquartered in NYC, we have a global team.")
    loc = extract_location(lines, "Brazil (Remote)")
    assert loc is not None
    assert (loc.remote, loc.regions, loc.offices) == ("remote", ("Brazil",), ())
    assert loc.source == ("Brazil (Remote)",)


def test_company_hybrid_with_a_remote_header_is_flexible() -> None:
    """ "We operate as a hybrid workplace" under the board's "Germany, Remote": either way."""
    lines = text_lines("We operate as a hybrid workplace to ensure work-life harmony.")
    loc = extract_location(lines, "Germany, Remote; Ireland, Remote")
    assert loc is not None
    assert (loc.remote, loc.regions) == ("flexible", ("Germany", "Ireland"))
    assert loc.source[-1] == "Germany, Remote; Ireland, Remote"


def test_board_prefixed_city_perks_and_hybrid_events_state_no_work_model() -> None:
    """ "Remote,Lyon, France", a work-from-abroad perk and "hybrid events" say nothing."""
    assert role("17_board_prefix_split_list").location is None


@pytest.mark.parametrize(
    ("header", "policy", "regions"),
    [
        ("Remote,Dublin, Ireland", None, ()),
        ("remote,Singapore", None, ()),
        ("Remote,Remote, Brazil", "remote", ("Brazil",)),
        ("remote,Remote - Lisbon/EU", "remote", ("European Union",)),
        ("Remote,Employees can work remotely, Romania", "remote", ("Romania",)),
        ("Remote, US", "remote", ("United States",)),
        ("Chennai OR Remote", "flexible", ()),
        (
            "CANADA - Remote, EMEA - Remote, LATAM - Remote, UNITED STATES - Remote",
            "remote",
            ("Canada", "EMEA", "Latin America", "United States"),
        ),
    ],
)
def test_board_header_shapes(header: str, policy: str | None, regions: tuple[str, ...]) -> None:
    """The board's "Remote," prefix is no evidence; "X or Remote" is a choice; CAPS count."""
    loc = extract_location(text_lines("We build things."), header)
    if policy is None:
        assert loc is None
    else:
        assert loc is not None and (loc.remote, loc.regions) == (policy, regions)
        assert loc.source == (header,)


@pytest.mark.parametrize(
    "text",
    [
        "Remote work from abroad policy (up to 3 months per year)",
        "Work from anywhere for up to 4 weeks a year.",
        "Many of our roles can be done remotely from the countries where we operate.",
        "We build tools for in-person and hybrid events.",
    ],
)
def test_perks_and_other_roles_are_not_this_roles_work_model(text: str) -> None:
    """A few weeks abroad a year, other roles' arrangements and hybrid events are not policies."""
    assert extract_location(text_lines(text), None) is None


@pytest.mark.parametrize(
    ("text", "header", "regions"),
    [
        (
            "Docker is a remote first company with employees across Europe, APAC and the Americas.",
            "Canada",
            ("Canada",),
        ),
        (
            "We’re a team of ~50 employees, working together across Europe and eastern US "
            "timezones. This is a fully remote role.",
            None,
            (),
        ),
        (
            "Outliant is a fully remote, US-based digital product development and startup "
            "consulting company.",
            "Brazil (Remote)",
            ("Brazil",),
        ),
        (
            "Although headquartered in the US, we’re a fully remote team with employees across "
            "the US and EU.",
            None,
            (),
        ),
        ("Our team comprises 20 people working remotely from Europe, America, and Asia.", None, ()),
    ],
)
def test_where_the_company_is_is_not_a_limit(
    text: str, header: str | None, regions: tuple[str, ...]
) -> None:
    """Employees across places, a US-based company and a US headquarters limit nothing."""
    loc = extract_location(text_lines(*text.split(". ")), header)
    assert loc is not None and loc.remote == "remote" and loc.regions == regions


def test_listed_city_is_no_limit_for_a_role_open_globally() -> None:
    """ "join fully remotely from other locations globally" under "Remote,Beijing, China"."""
    text = "You can also join fully remotely from other locations globally."
    loc = extract_location(text_lines(text), "Remote,Beijing, China")
    assert loc is not None and (loc.remote, loc.regions) == ("remote", ())
    loc = extract_location(text_lines("This is a fully remote role."), "Remote,Hyderabad, India")
    assert loc is not None and loc.regions == ("India",)


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Working onsite at our Santa Clara, CA headquarters 3 days per week - Hybrid.", "hybrid"),
        ("Full-time role with a hybrid Hub policy in sunny Lisbon, Portugal", "hybrid"),
        ("How we work - remote/hybrid work", "flexible"),
        ("Our employees generally work from the office three days per week.", "hybrid"),
    ],
)
def test_more_hybrid_phrasings(text: str, policy: str) -> None:
    """Office N days a week, a "hybrid Hub policy" and "remote/hybrid" are named correctly."""
    loc = extract_location(text_lines(text), None)
    assert loc is not None and loc.remote == policy


@pytest.mark.parametrize(
    "text",
    [
        "You will be part of the AI & Cloud Engineering Division and Hybrid Compiler team.",
        "We work within an Agile framework, mostly Scrum methodologies or hybrid options.",
    ],
)
def test_hybrid_in_other_senses(text: str) -> None:
    """A "Hybrid Compiler team" and hybrid methodologies are not a work model."""
    assert extract_location(text_lines(text), None) is None


def test_people_in_a_place_can_be_the_limit() -> None:
    """ "fully remote for people in Europe" is a limit, unlike where employees already are."""
    loc = extract_location(text_lines("The job is fully remote for people in Europe."), None)
    assert loc is not None and loc.regions == ("Europe",)
