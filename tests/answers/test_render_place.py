"""Where the job is done: a place is ruled out only when the posting's own words allow it."""

from __future__ import annotations

from bot.answers.render import render
from bot.knowledge.schema import Location, Role
from tests.answers.support import role

BARE = role("bare")


def _at(text: str, **fields: object) -> Role:
    loc = Location(text=text, source=(text,), **fields)  # type: ignore[arg-type]
    return BARE.model_copy(update={"location": loc})


def test_office_in_the_same_country_is_not_a_yes() -> None:
    """Texas vs a San Francisco office with Canada-only remote work: no "yes", no "no"."""
    veeva = _at(
        "Work from home or in our offices in Toronto and San Francisco.",
        offices=("Toronto", "San Francisco"),
        remote="flexible",
        regions=("Canada",),
    )
    out = render(veeva, "remote", "Can I work from Texas?")
    assert out is not None and not out.answered
    assert "doesn't say" in out.text and "San Francisco" in out.text
    assert "Toronto, which" not in out.text


def test_remote_from_other_locations_globally_is_not_a_one_country_limit() -> None:
    """A sentence offering remote work "from other locations globally" is never a "no"."""
    hubs = _at(
        "Our hubs are Tokyo and Beijing, but you can also join fully remotely from other "
        "locations globally.",
        remote="remote",
        regions=("China",),
    )
    out = render(hubs, "remote", "Can I work from Germany?")
    assert out is not None and not out.answered and "isn't covered" not in out.text


def test_a_country_the_sentence_names_is_not_ruled_out() -> None:
    """The limit says Canada but the sentence also names the US: ask, don't refuse."""
    both = _at(
        "This is a remote position open to candidates residing in Canada and the US.",
        remote="remote",
        regions=("Canada",),
    )
    out = render(both, "remote", "Can I work from Texas?")
    assert out is not None and not out.answered and "isn't covered" not in out.text


def test_full_remote_possible_is_not_office_based() -> None:
    """ "Full remote is possible" beside an office overrides an office-based work model."""
    office = _at(
        "Full Remote is possible, but our office is in Wroclaw.",
        offices=("Wroclaw",),
        remote="onsite",
    )
    out = render(office, "remote", "Is it remote?")
    assert out is not None and "office-based" not in out.text
    far = render(office, "remote", "Can I work from Germany?")
    assert far is not None and not far.answered and "isn't covered" not in far.text


def test_company_offices_alone_do_not_rule_a_place_out() -> None:
    """A list of the company's offices with no work model says nothing about Germany."""
    offices = _at(
        "We have offices in Waterloo, Atlanta and Singapore.",
        offices=("Waterloo", "Atlanta", "Singapore"),
    )
    out = render(offices, "remote", "Can I work from Germany?")
    assert out is not None and not out.answered and "isn't covered" not in out.text
    assert "Waterloo" in out.text  # office names keep their capitals


def test_the_title_states_the_work_model_when_no_sentence_does() -> None:
    """ "(Hybrid - San Francisco)" in the title answers "is it remote?" by quoting the title."""
    titled = BARE.model_copy(
        update={"identity": BARE.identity.model_copy(update={"title": "Engineer (Hybrid - SF)"})}
    )
    out = render(titled, "remote", "Is it remote?")
    assert out is not None and out.answered and "hybrid" in out.text
    assert "Engineer (Hybrid - SF)" in out.text
