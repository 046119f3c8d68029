"""Team facts: engineers and total headcount, named teams, team matching and mobility."""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Lines, clean, unique
from bot.knowledge.schema import Team, TextFact

_Q = r"(?:(?:around|about|approximately|roughly|over|more than|nearly|almost|some|close to)\s+)?"
_ENGINEERS = re.compile(
    rf"\b{_Q}(\d{{1,3}}(?:,\d{{3}})*|\d+)\+?\s+(?:software |backend |product |talented )?"
    r"(?:engineers|developers)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    rf"\b(?:out of|team of|company of|organi[sz]ation of|family of|community of|over|more than"
    rf"|nearly|almost|around|roughly|approximately|about)\s+{_Q}"
    r"(\d{1,3}(?:,\d{3})+|\d+)\+?\s+(?:people|employees|staff|team members|colleagues"
    r"|[A-Z]\w+nauts|\w+ers worldwide)\b",
)
_EMPLOYEES = re.compile(
    rf"\b(?:we have|we(?:'|’)re|we are|with|employ(?:s|ing)?)\s+{_Q}(\d{{1,3}}(?:,\d{{3}})+|\d+)\+?"
    r"\s+(?:people|employees|staff|team members)\b",
    re.IGNORECASE,
)
# Engineering headcount is a statement about us ("we have", "our team of", "you'll be joining").
_ENG_CTX = re.compile(
    r"\b(?:we have|we are|we(?:'|’)re|our (?:\w+ ){0,2}(?:team|organi[sz]ation|department|org"
    r"|community)\b|there are|join(?:ing)?|out of|employ)",
    re.IGNORECASE,
)
_ENG_NOT = re.compile(
    r"\blead\b|\bleading\b|manag|experience|worked|used by|users|mentor|oversee|\bled\b", re.I
)
_ENG_TEAM = re.compile(r"engineering|tech(?:nology)? team|developers", re.IGNORECASE)
_SIZE_NOT = re.compile(
    r"meeting|interview|zoom|\bcalls?\b|customer|users|clients|serv(?:e|ing)|reach|million"
    r"|members of the public|hiring|recruit"
    r"|looking for|join(?:ing)? (?:our|the)|businesses",
    re.IGNORECASE,
)
_TEAMS_CUE = re.compile(r"collectives?|teams|squads|tribes|business units|pillars|groups|areas")
_TEAMS_LIST = re.compile(
    r"(?:they are|these are|(?:collectives|teams|squads|tribes|pillars) (?:are|include)"
    r"|including|include)\s*[;:,]?\s+((?:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})"
    r"(?:\s*(?:,|&|\band\b)\s*(?:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})){2,})",
    re.IGNORECASE,
)
_MATCHING = re.compile(
    r"best match for you|match (?:you|candidates) (?:with|to)|team[- ]match|matched (?:with|to)"
    r"|team placement|which team (?:you|is)|find the (?:right|best) team|place you in",
    re.IGNORECASE,
)
_MOBILITY = re.compile(
    r"move between teams|move teams|moving between teams|switch(?:ing)? teams|internal mobility"
    r"|change teams|rotate (?:between|across) teams|move around (?:the|our) teams",
    re.IGNORECASE,
)


_SIZE_KEYS = ("engineer", "developer", "people", "employee", "staff", "member", "colleague", "naut")


_DIGIT = re.compile(r"\d")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def _sizes(lines: Lines) -> tuple[int | None, int | None, list[str]]:
    engineers: int | None = None
    total: int | None = None
    src: list[str] = []
    for line in lines.with_words(*_SIZE_KEYS):
        text = line.text
        if not _DIGIT.search(text):
            continue
        if _SIZE_NOT.search(text):
            continue
        hit = False
        if (
            engineers is None
            and _ENG_CTX.search(text)
            and not _ENG_NOT.search(text)
            and (m := _ENGINEERS.search(text))
            and not re.search(r"\d\s*(?:-|–|to)\s*$", text[: m.start(1)])
        ):
            v = _int(m.group(1))
            if 2 <= v <= 100_000:
                engineers, hit = v, True
        if total is None and ((m2 := _PEOPLE.search(text)) or (m2 := _EMPLOYEES.search(text))):
            v = _int(m2.group(1))
            if _ENG_TEAM.search(text[max(0, m2.start() - 40) : m2.start(1)]):
                # "an engineering team of around 450 people" counts engineers, not everyone
                if engineers is None and not _ENG_NOT.search(text):
                    engineers, hit = v, True
            elif 10 <= v <= 2_000_000 and (engineers is None or v >= engineers):
                total, hit = v, True
        if hit:
            src.append(text)
    return engineers, total, src


def _split_names(raw: str) -> list[str]:
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", raw.strip(" .;"))
    return [p.strip() for p in parts if p.strip()]


def _teams(lines: Lines) -> tuple[list[str], list[str]]:
    for line in lines.with_words("they are", "these are", "include"):
        prev = lines.all[line.pos - 1] if line.pos > 0 else None
        cue_here = _TEAMS_CUE.search(line.text)
        cue_prev = (
            prev is not None and prev.section == line.section and _TEAMS_CUE.search(prev.text)
        )
        if not (cue_here or cue_prev):
            continue
        m = _TEAMS_LIST.search(line.text)
        if not m:
            continue
        names = _split_names(m.group(1))
        if len(names) < 3 or any(not n[0].isupper() or len(n.split()) > 4 for n in names):
            continue
        src = [line.text] if cue_here or prev is None else [prev.text, line.text]
        return names, src
    return [], []


def _fact(lines: Lines, rx: re.Pattern[str], words: tuple[str, ...]) -> TextFact | None:
    for line in lines.with_words(*words):
        if rx.search(line.text):
            return TextFact(text=clean(line.text), source=(line.text,))
    return None


def extract_team(lines: Lines) -> Team:
    """Team size, named teams, how candidates are matched, and moving between teams."""
    engineers, total, size_src = _sizes(lines)
    names, teams_src = _teams(lines)
    return Team(
        engineers=engineers,
        total_people=total,
        size_source=unique(size_src),
        teams=tuple(names),
        teams_source=unique(teams_src),
        matching=_fact(lines, _MATCHING, ("match", "team placement", "which team", "place you")),
        mobility=_fact(lines, _MOBILITY, ("teams", "mobility")),
    )
