"""Tests of bot.knowledge.parse: board layout, section shapes, lists and sentences."""

from __future__ import annotations

from bot.knowledge.document import ParsedPosting
from bot.knowledge.parse import parse_posting, plain, split_sentences

BOARD = """\
# [Senior Data Engineer (Remote)](https://www.remotewlb.com/apply/senior-data-engineer-123)
### Acme Corp
#### `💰 $120,000 - $150,000` `🌎 United States`

Acme builds tools for data teams. We are 40 people.

### About us:

We ship software, e.g. pipelines, dashboards, etc. and we love it.
Revenue grew 2.5x in the U.S. last year.

### **Qualifications**

  * 5+ years of Python
  * Experience with **Airflow** and [dbt](https://getdbt.com)

**What you'll do**

\\- Build pipelines
\\- Own the warehouse

Interview steps:

  1. Recruiter call
  2. Technical interview

### ✅We can sponsor visas.

### ✈️ We offer a relocation package to Berlin

📍 Remote within US time zones.

#LI-Remote

## CLICK TO [APPLY](https://www.remotewlb.com/apply/senior-data-engineer-123)
"""


def doc() -> ParsedPosting:
    return parse_posting(BOARD, "acme.md")


def section(posting: ParsedPosting, heading: str) -> tuple[str, ...]:
    return next(s.sentences for s in posting.sections if s.heading == heading)


def test_board_header_is_parsed() -> None:
    """Title, apply link, company and the `💰`/`🌎` header values come from the first lines."""
    d = doc()
    assert d.title == "Senior Data Engineer (Remote)"
    assert d.apply_url == "https://www.remotewlb.com/apply/senior-data-engineer-123"
    assert d.company == "Acme Corp"
    assert d.header_salary == "$120,000 - $150,000"
    assert d.header_location == "United States"
    assert d.source_file == "acme.md"


def test_headings_in_their_shapes() -> None:
    """``### x:``, ``### **x**``, ``**x**`` and a short plain ``x:`` line are headings."""
    headings = [s.heading for s in doc().sections]
    assert headings == ["", "About us", "Qualifications", "What you'll do", "Interview steps"]


def test_statement_headings_stay_content() -> None:
    """Emoji-led statement headings are sentences of the current section, emoji trimmed."""
    assert section(doc(), "Interview steps")[-3:] == (
        "We can sponsor visas.",
        "We offer a relocation package to Berlin",
        "Remote within US time zones.",
    )


def test_lists_bulleted_escaped_and_numbered() -> None:
    """``*`` and escaped ``\\-`` bullets are items; numbered items keep their number."""
    d = doc()
    quals = next(s for s in d.sections if s.heading == "Qualifications")
    assert quals.items == ("5+ years of Python", "Experience with Airflow and dbt")
    steps = next(s for s in d.sections if s.heading == "Interview steps")
    assert [(b.number, b.sentences) for b in steps.blocks if b.is_item] == [
        (1, ("Recruiter call",)),
        (2, ("Technical interview",)),
    ]
    todo = next(s for s in d.sections if s.heading == "What you'll do")
    assert todo.items == ("Build pipelines", "Own the warehouse")


def test_sentence_split_respects_abbreviations_and_decimals() -> None:
    """No split after e.g., etc., U.S. or inside 2.5x."""
    assert section(doc(), "About us") == (
        "We ship software, e.g. pipelines, dashboards, etc. and we love it.",
        "Revenue grew 2.5x in the U.S. last year.",
    )


def test_footer_and_hashtags_are_not_content() -> None:
    """The ``CLICK TO APPLY`` footer and ``#LI-Remote`` tags are not sentences."""
    sentences = doc().sentences
    assert not any("CLICK" in s or "#LI" in s for s in sentences)


def test_board_header_values_are_part_of_the_text() -> None:
    """The header's salary and location are in ``text`` (facts may quote them), not sentences."""
    d = doc()
    assert "$120,000 - $150,000" in d.text and "United States" in d.text
    assert not any("$120,000" in s for s in d.sentences)


def test_every_sentence_is_verbatim_text_of_the_posting() -> None:
    """Each sentence is a substring of the whitespace-normalised plain text."""
    d = doc()
    flat = " ".join(d.text.split())
    assert d.sentences and all(s in flat for s in d.sentences)


def test_mojibake_input_is_repaired_before_parsing() -> None:
    """Raw Mac Roman mojibake is repaired by parse_posting itself."""
    raw = "# [Engineer](https://x.example/apply/engineer)\n### Co\n\nPay is £50,000 a year.\n"
    d = parse_posting(raw.encode("utf-8").decode("mac_roman"))
    assert d.sentences == ("Pay is £50,000 a year.",)


def test_plain_title_line_and_missing_company() -> None:
    """A ``# Title`` without link works; ``### None`` means no company."""
    d = parse_posting("# Backend Engineer\n### None\n####  \n\nWe build APIs in Go.\n")
    assert (d.title, d.company, d.apply_url, d.header_salary) == (
        "Backend Engineer",
        None,
        None,
        None,
    )
    assert d.sentences == ("We build APIs in Go.",)


def test_standalone_short_line_is_a_section_title() -> None:
    """A short capitalised standalone line without punctuation (``About Our Work``) is a heading."""
    body = "We work side by side with our clients' own engineers.\n\nRemote only.\n"
    d = parse_posting("# T\n\nAbout Our Work\n\n" + body)
    assert [(s.heading, s.sentences) for s in d.sections] == [
        (
            "About Our Work",
            ("We work side by side with our clients' own engineers.", "Remote only."),
        )
    ]


def test_short_lines_in_a_row_are_content_not_titles() -> None:
    """Perks written one per line stay sentences; none of them becomes a heading."""
    d = parse_posting(
        "# [T](https://x.io/apply/t)\n### Co\n\nBenefits:\n\n"
        "Stock options\n\nGenerous PTO\n\nFully Remote\n"
    )
    assert [(s.heading, s.sentences) for s in d.sections] == [
        ("Benefits", ("Stock options", "Generous PTO", "Fully Remote"))
    ]


def test_bullets_without_space_and_spaced_emphasis() -> None:
    """``•Item``, ``•· Item`` and ``*Item`` are items; ``_ Title_`` loses its underscores."""
    d = parse_posting(
        "# [T](https://x.io/apply/t)\n### Co\n\n_ About the Role_\n\n•Go\n•· Rust\n*Python\n"
    )
    assert [(s.heading, s.items) for s in d.sections] == [
        ("About the Role", ("Go", "Rust", "Python"))
    ]


def test_long_bold_statement_is_content_not_heading() -> None:
    """A bold line ending with a full stop is a sentence, not a section heading."""
    d = parse_posting(
        "# [T](https://x.io/apply/t)\n### Co\n\n### Perks\n\n**We offer 25 days of holiday.**\n"
    )
    assert [(s.heading, s.sentences) for s in d.sections] == [
        ("Perks", ("We offer 25 days of holiday.",))
    ]


def test_long_heading_is_kept_as_a_sentence_too() -> None:
    """A heading with a figure in it opens a section and is kept as a sentence."""
    d = parse_posting(
        "# [T](https://x.io/apply/t)\n### Co\n\n"
        "### Salary range: $100,000 - $120,000\n\nPlus equity.\n"
    )
    assert [(s.heading, s.sentences) for s in d.sections] == [
        ("Salary range: $100,000 - $120,000", ("Salary range: $100,000 - $120,000", "Plus equity."))
    ]


def test_plain_removes_inline_markdown() -> None:
    """Links keep their text, images vanish, emphasis and code marks go, snake_case stays."""
    assert plain("See [our blog](https://x.io) ![logo](a.png) **now** _really_ `my_var`") == (
        "See our blog now really my_var"
    )


def test_split_sentences_keeps_questions_and_exclamations() -> None:
    """``?`` and ``!`` end sentences; a lowercase continuation does not start one."""
    assert split_sentences("Why us? We pay well! See the list. and more") == (
        "Why us?",
        "We pay well!",
        "See the list. and more",
    )
