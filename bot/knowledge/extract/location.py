"""Location and work model: offices, remote policy and its geographic limits.

Policies: ``remote`` (fully remote allowed), ``hybrid`` (part office, part home), ``onsite``
(office only), ``flexible`` (the candidate chooses between an office and remote work, e.g.
"can be based in our London office, but we're open to distributed working within the UK").
The body decides; the board's `🌎` header is used only when the body says nothing about the
work model, and only when the header itself says "Remote"/"Hybrid" (its countries then become
the regions); the board's own "remote,"/"Remote," prefix before a city is no evidence. Sentences
in requirement lists ("experience working remotely"), remote perks ("work from abroad up to 3
months per year") and other roles' arrangements ("many of our roles can be done remotely") are
not policy, and where the company's people or headquarters are ("employees across Europe, APAC
and the Americas", "a US-based company") is not a regional limit.
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch, unique
from bot.knowledge.extract.places import CITY_RX, PLACE_RX, PLACES
from bot.knowledge.schema import Location, RemotePolicy

_REQ_HEADING = re.compile(
    r"requirement|qualification|you have|about you|you should|looking for|skills|experience"
    r"|responsibilit|what you(?:'|’)?ll do|must have|nice to have|bonus|preferred|who you are",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|full[- ]time|permanently|totally)[- ]remote(?:ly)?\b"
    r"|\bremote[- ](?:first|only)\b|\bwork (?:from )?anywhere\b|\bwork remotely\b"
    r"|\b(?:this|the) (?:role|position|job|opportunity) (?:is|can be) (?:\w+ )?remote\b"
    r"|\bis an? (?:\w+ )?remote (?:role|position|job|opportunity)\b"
    r"|\bremote (?:role|position|job|opportunity)\b|\bremote (?:within|in|from|across)\b"
    r"|\b(?:open to|hiring) (?:\w+ ){0,3}remote\b|\bdistributed working\b|\bremotely from\b"
    r"|\bworking remotely\b|\bremote work(?:ing)? (?:from|within|in|across)\b|\boffer remote\b"
    r"|\bhome[- ]based (?:role|position|job)\b|\blocation\W+(?:100%\s+|fully\s+)?remote\b"
    r"|\bremote\W{1,3}anywhere\b|\bremote\W{1,3}(?:from|in) (?:anywhere|any)\b",
    re.IGNORECASE,
)
# Short location lines: "Remote (US)", "Remote, USA", "USA (remote)", "Ireland - Remote".
_REMOTE_SHORT = re.compile(
    r"^\W*(?:[Rr]emote|REMOTE)\s*(?:\(|-|–|,|:)\s*[A-Z]|(?:\(|-|–|,|\s)\s*(?:[Rr]emote|REMOTE)\W*$"
)
_HYBRID = re.compile(
    r"\bhybrid[- ](?:work|working|role|position|job|model|schedule|set-?up|workplace|arrangement"
    r"|office|policy|basis|opportunit|applicants|approach to work|company|team)\b"
    r"|\b(?:is|be|as a|operate as|are|work|working|remote or|or|and|role:?|position:?)\s+hybrid\b"
    r"(?! (?:cloud|aws|infra|environments?|apps?|mobile|solutions?|architectures?|systems?"
    r"|events?|meetings?|conferences?|experiences?|compilers?|options?\b|methodolog\w*"
    r"|(?:\w+ )?(?:teams?|group|division|project)\b))"
    r"|\bhybrid (?!cloud|aws|infra|data)\w+ (?:policy|work(?:ing)? model)\b|\W\s*hybrid\W*$"
    r"|(?:on[- ]?site|in[- ]office|(?:in|from|at|into|to) the office"
    r"|at (?:the|our) [\w ,]{0,40}(?:office|headquarters"
    r"|HQ))[^.]{0,40}\b(?:\d|one|two|three|four)(?:\s?-\s?\d)? (?:days?|times) (?:a|per|each)"
    r" week"
    r"|^\W*hybrid\W*(?:$|\(|-|–|,)"
    r"|in[- ]office (?:at least |up to )?(?:\d(?:\s?-\s?\d)?|one|two|three|four) days?"
    r" (?:a|per|each) week"
    r"|\b(?:\d|one|two|three|four) (?:days?|times) (?:a|per|each) week (?:in|at|from)"
    r" (?:the|our|an?) (?:\w+ )?office|\bin (?:the|our) office \d",
    re.IGNORECASE,
)
_ONSITE = re.compile(
    r"\b(?:on[- ]?site|in[- ]office|office[- ]based|in[- ]person)\s+(?:role|position|job"
    r"|opportunity|basis)\b"
    r"|\b(?:is|be|being|work|working|based|are)\s+(?:fully\s+|100%\s+|full[- ]time\s+)?"
    r"(?:on[- ]?site|in[- ]office|office[- ]based)\b(?!\s+(?:interview|visit|meeting))"
    r"|\bnot (?:a )?remote\b|\bno remote\b|\bremote work is not\b"
    r"|\bfive days a week in (?:the|our) office\b"
    r"|\b(?:role|position|job) (?:will be|is) based (?:in|at|out of) (?:our|the) "
    r"[\w ,]{0,40}office",
    re.IGNORECASE,
)
_ONSITE_NOT = re.compile(
    r"interview|occasional|offsite|off-site|meet[- ]?ups?|retreat|events?\b|visit|travel"
    r"|ad hoc|\bor\b|team days|gatherings|quarterly|onboarding|training|customer",
    re.IGNORECASE,
)
_FLEX = re.compile(
    r"(?:office|on[- ]?site)\W+(?:\w+\W+){0,12}?(?:or|but (?:we(?:'|’)re|we are) open to|either)"
    r"\W+(?:\w+\W+){0,5}?(?:remote|distributed|from home)"
    r"|(?:remote|remotely|from home)\W+(?:\w+\W+){0,6}?or\W+(?:\w+\W+){0,4}?"
    r"(?:office|on[- ]?site|hybrid|in person)"
    r"|hybrid or remote|remote or hybrid"
    r"|office\W+(?:\w+\W+){0,8}?but\W+(?!(?:\w+\W+){0,6}?(?:not|no)\b)(?:\w+\W+){0,8}?"
    r"remote(?:ly)?\b",
    re.IGNORECASE,
)
_NOT_ROLE = re.compile(
    r"remote (?:sensing|control|teams?\b|collaboration|environment|culture|workers"
    r"|employees|colleagues|setting|access|support|monitoring|management|desktop|server|patient)"
    r"|experience (?:\w+ ){0,3}remote|remote[- ]friendly tools",
    re.IGNORECASE,
)
_TZ = re.compile(
    r"\b(?:UTC|GMT|CET|CEST|EST|PST|EET)\s?[+\-−±]\s?\d{1,2}(?::\d\d)?"
    r"(?:\s*(?:to|-|–|and|through)\s*(?:UTC|GMT|CET)?\s?[+\-−]\s?\d{1,2}(?::\d\d)?)?"
    r"|(?:\+|±|-)\s?\d{1,2}\s?(?:hours?|hrs?|h)\s+(?:of|from)\s+(?:UTC|GMT|CET|EST|PST|ET|PT)\b"
    r"|\b(?:(?:US|U\.S\.) )?(?:[A-Z]{2,4}|European|Eastern|Pacific|Central|Mountain"
    r"|North American|American|US"
    r"|Americas|Asian|APAC|African|Atlantic)\s+(?:and\s+\w+\s+)?time\s?zones?\b"
    r"|\b(?:overlap|within)\s+(?:\w+\s+){0,3}(?:with\s+)?(?:the\s+)?(?:[A-Z]{2,4}|European"
    r"|Eastern|Pacific|Central|US)\s+(?:business\s+)?(?:hours|working hours)\b",
)
_LIMIT = re.compile(
    r"(?:within|in|from|across|based in|located in|reside in|residing in|live in|living in"
    r"|only in|eligible in|authori[sz]ed to work in|throughout|anywhere in)\s+(?:the\s+)?"
    r"(?:following\s+)?$",
    re.IGNORECASE,
)
_PLACE_ONLY = re.compile(r"^\s*(?:the\s+)?(?:-|\s|only|based)*", re.IGNORECASE)
_OFFICE = re.compile(
    r"\boffices?\b|\bHQ\b|\bheadquarter|\bhub\b|\bstudio\b|\bcampus\b|\bbased in\b", re.I
)


_TZ_KEYS = ("zone", "utc", "gmt", "cet", "overlap", "hours")
_TZ_LINE = re.compile(r"overlap|within|time ?zones?|\bhours\b|\bUTC\b|\bGMT\b|\bCET\b", re.I)
_OUR_OFFICE = re.compile(
    r"\b(?:based|located|work) (?:in|from|at|out of) (?:our|one of our)\b"
    r"|\b(?:our|with|have|has)\s+(?:\w+\s+){0,2}offices?\s+(?:in|are in|located in)\b"
    r"|\b[Oo]ur [A-Z]\w+(?: [A-Z]\w+)? (?:office|HQ|hub|headquarters)"
)  # not "headquartered in NYC": where the company sits is not where the role is based


# Where the company's people already are is not where the role may be done from: "a team of
# ~50 employees, working together across Europe and eastern US timezones", "Docker is a remote
# first company with employees across Europe, APAC and the Americas".
_SPREAD = re.compile(
    r"\b(?:employees|team members|teammates|colleagues|staff|people|workforce|team|teams"
    r"|offices|customers|clients|users)\b(?:[\s,]+[\w~-]+){0,4}?[\s,]+(?:across|around"
    r"|throughout|all over|spread (?:across|over)|distributed (?:across|around|over)"
    r"|(?:located|based|living) (?:in|across))\b"
    r"|\b(?:employees|team members|teammates|colleagues|staff|workforce)\b"
    r"(?:[\s,]+[\w~-]+){0,4}?[\s,]+(?:in|from)\s"
    r"|\bpeople (?:working|who work) (?:remotely )?from\s",
    re.IGNORECASE,
)
# "a fully remote, US-based digital product … company" describes the company, not a limit.
_COMPANY_BASED = re.compile(
    r"^-based\W+(?:[\w-]+\W+){0,6}?(?:company|startup|firm|organi[sz]ation|business|agency"
    r"|consultancy|employer)\b",
    re.IGNORECASE,
)


_COMPANY_SEAT = re.compile(
    r"\b(?:headquartered|headquarters|HQ|founded|incorporated|registered)\s+(?:is\s+)?"
    r"(?:in|located in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _spread(text: str, start: int) -> bool:
    """Whether the place at ``start`` says where the company's people or seat are."""
    before = text[max(0, start - 80) : start]
    return bool(_SPREAD.search(before) or _COMPANY_SEAT.search(before))


def _regions(line: Line) -> list[str]:
    """Countries, regions and time-zone limits that qualify the work model in ``line``."""
    out: list[str] = []
    text = line.text
    last_end = -100
    for m in PLACE_RX.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 12]
        word = m.group(0)
        if _spread(text, m.start()) or _COMPANY_BASED.match(text[m.end() : m.end() + 80]):
            continue
        limited = bool(_LIMIT.search(before))
        near_remote = bool(re.search(r"remote\W*$", before, re.I)) or bool(
            re.match(r"\W{0,3}(?:\(?remote|only|based|-based|residents|time)", after, re.I)
        )
        if word == "US" and not re.match(r"\W{0,3}(?:only|based|-based|remote|resid)", after):
            # "US" is also the pronoun-ish "us" in shouting text; only trust it when qualified.
            near_remote = near_remote and bool(re.search(r"remote\W*$", before, re.I))
        if re.match(r"\s+(?:time\s?zones?|business hours|hours|working hours)", after, re.I):
            continue  # "EU time zones" is a time-zone limit, kept whole below
        # "from Germany, France, The Netherlands and London": the limit runs down the list
        listed = bool(
            re.fullmatch(r"\s*(?:,|/|and|or|&)\s*(?:the\s+)?", text[last_end : m.start()], re.I)
        )
        if limited or near_remote or listed:
            out.append(PLACES[word])
            last_end = m.end()
    out.extend(m.group(0).strip() for m in _TZ.finditer(text) if not _spread(text, m.start()))
    return out


def _offices(line: Line) -> list[str]:
    if not _OFFICE.search(line.text) or re.search(r"client|customer", line.text, re.I):
        return []
    return [m.group(0) for m in CITY_RX.finditer(line.text)]


def _policy_lines(lines: Lines) -> list[tuple[Line, RemotePolicy]]:
    found: list[tuple[Line, RemotePolicy]] = []
    for line in lines.with_words(*_POLICY_WORDS):
        if line.is_item and hsearch(_REQ_HEADING, line.context):
            continue
        text = line.text
        low = line.lower
        if _NOT_ROLE.search(text) and not _REMOTE_STRONG.search(low):
            continue
        if "🌎" in text or "💰" in text or "#LI-" in text:
            continue  # board header residue, handled from the header itself
        # A remote perk or other roles' remote work says nothing about remote work in this role
        # ("Flexible hybrid working + work abroad for up to 30 days per year" is still hybrid).
        no_remote = bool(_NOT_THIS_ROLE.search(text))
        if _FLEX.search(text) and ("remote" in low or "distributed" in low or "home" in low):
            if not no_remote:
                found.append((line, "flexible"))
        elif _HYBRID.search(text):
            # "Hybrid working from X or working remotely", "remote and hybrid opportunities"
            both = not no_remote and (_REMOTE.search(text) or _REMOTE_OPTION.search(text))
            found.append((line, "flexible" if both else "hybrid"))
        elif _REMOTE.search(text) or (len(text) < 60 and _REMOTE_SHORT.search(text)):
            if not no_remote:
                found.append((line, "remote"))
        elif _ONSITE.search(text) and not _ONSITE_NOT.search(text):
            found.append((line, "onsite"))
    return found


# Not this role's work model: a few weeks of remote work a year is a perk ("Remote work from
# abroad policy (up to 3 months per year)"), and "many of our roles can be done remotely" speaks
# of other roles.
_NOT_THIS_ROLE = re.compile(
    r"\babroad\b|\bworkations?\b|\b(?:weeks?|months?)\s+(?:a|per|each|every|of the)\s+year"
    r"|\bup to \d+\s+(?:weeks?|months?)\b"
    r"|\b(?:many|some|most|certain|select(?:ed)?)\s+(?:of\s+our\s+)?(?:\w+\s+)?"
    r"(?:roles|positions|jobs)\b[^.]{0,40}\bremote"
    r"|\bremote[^.]{0,60}\b(?:for|in) (?:many|some|most|certain|select(?:ed)?)\s+(?:of\s+our\s+)?"
    r"(?:\w+\s+)?(?:roles|positions|jobs)\b",
    re.IGNORECASE,
)
_OFFICE_KEYS = ("office", "hq", "headquarter", "hub", "studio", "campus", "based in")
_REMOTE_OPTION = re.compile(
    r"\bremote\s*/\s*hybrid\b|\bhybrid\s*/\s*remote\b"
    r"|\b(?:remote(?:ly)?)\b[^.]{0,40}\b(?:or|and)\b[^.]{0,15}\bhybrid|\bhybrid\b[^.]{0,60}"
    r"\b(?:or|and)\b[^.]{0,25}\bremote(?:ly)?\b|hybrid office/remote",
    re.IGNORECASE,
)
_REMOTE_STRONG = re.compile(
    r"fully remote|remote[- ]first|100\s?%|open to remote|(?:role|position|job) is (?:\w+ )?remote"
)
_POLICY_WORDS = ("remote", "hybrid", "office", "site", "home", "distributed", "anywhere", "person")
_RANK: dict[RemotePolicy, int] = {"flexible": 0, "hybrid": 1, "remote": 2, "onsite": 3}


def extract_location(lines: Lines, header_location: str | None) -> Location | None:
    """Offices, remote policy and its limits, or ``None`` when the posting says nothing."""
    found = _policy_lines(lines)
    policy: RemotePolicy | None = None
    sources: list[str] = []
    regions: list[str] = []
    offices: list[str] = []
    if found:
        policies = {p for _, p in found}
        if "onsite" in policies and "remote" in policies:
            policy = "flexible" if "flexible" in policies else None
        elif "hybrid" in policies and "remote" in policies:
            policy = "flexible"  # both offered as options ("hybrid … or fully remote")
        else:
            policy = sorted(policies, key=_RANK.__getitem__)[0]
        for line, _p in found:
            sources.append(line.text)
            regions.extend(_regions(line))
            offices.extend(_offices(line))
        if policy in ("remote", "flexible", "hybrid"):
            for line in lines.with_words(*_TZ_KEYS):
                if line.text in sources:
                    continue
                zones = [
                    m.group(0).strip()
                    for m in _TZ.finditer(line.text)
                    if not _spread(line.text, m.start())
                ]
                if _TZ_LINE.search(line.text) and zones:
                    sources.append(line.text)
                    regions.extend(zones)
    for line in lines.with_words(*_OFFICE_KEYS):
        if line.text in sources:
            continue
        if _OFFICE.search(line.text) and _OUR_OFFICE.search(line.text):
            cities = _offices(line)
            if cities:
                offices.extend(cities)
                sources.append(line.text)
    if policy is None and not found and header_location:
        header = _from_header(header_location)
        if header is not None and not offices:
            return header
        if header is not None:  # offices from the body, work model from the header
            policy = header.remote
            regions.extend(header.regions)
            sources.append(header_location)
    if policy is None and not offices:
        return None
    if policy == "hybrid" and header_location:
        header = _from_header(header_location)
        if header is not None and header.remote == "remote":
            # "We operate as a hybrid workplace" + the board's "Germany, Remote": either way.
            policy = "flexible"
            sources.append(header_location)
    if policy in ("remote", "flexible") and not regions and header_location:
        # "join fully remotely from other locations globally" under "Remote,Beijing, China":
        # a place after the board's prefix is where the job was listed, not a limit.
        listed_only = _BOARD_PREFIX.match(header_location) and _from_header(header_location) is None
        if not (listed_only and any(_ANYWHERE.search(src) for src in sources)):
            regions.extend(_header_regions(header_location))
    src = unique(sources)
    return Location(
        offices=unique(offices),
        remote=policy,
        regions=unique(regions),
        text=" ".join(clean(s) for s in src),
        source=src,
    )


_ANYWHERE = re.compile(
    r"\banywhere\b(?!\s+(?:in|within|across|from)\b)|global(?:ly)?\b|\bworldwide\b"
    r"|around the (?:world|globe)|\bany (?:location|country)\b",
    re.IGNORECASE,
)
_SHOUTED = re.compile(r"\b[A-Z]{4,}(?:\s+[A-Z]{4,})*\b")


def _title_case(m: re.Match[str]) -> str:
    word = m.group(0)
    return word if word in PLACES else word.title()


def _header_regions(value: str) -> list[str]:
    # "CANADA - Remote, LATAM - Remote": shouted country names (four letters or more; "LATAM"
    # and "EMEA" are aliases as written) are matched in title case.
    value = _SHOUTED.sub(_title_case, value)
    return [PLACES[m.group(0)] for m in PLACE_RX.finditer(value)]


# The board writes "remote,<place>" or "Remote,<place>" (no space after the comma) before the
# location of most postings, whatever the work model: 1,419 corpus postings read "Remote,Nanterre,
# France" and the like, 360 of them for hybrid or on-site roles. Only the rest is evidence.
_BOARD_PREFIX = re.compile(r"^\s*remote,(?=\S)", re.IGNORECASE)


def _from_header(header: str) -> Location | None:
    value = _BOARD_PREFIX.sub("", header)
    low = value.lower()
    policy: RemotePolicy | None
    if "hybrid" in low and "remote" in low:
        policy = "flexible"
    elif "hybrid" in low:
        policy = "hybrid"
    elif re.search(r"\w\W*\bor\s+remote|\bremote(?:ly)?\s+or\s+\w", low):
        policy = "flexible"  # "Chennai OR Remote", "Riga, Tallinn or remotely"
    elif re.search(r"\bremote(?:ly)?\b", low):
        policy = "remote"
    else:
        policy = None
    if policy is None:
        return None
    return Location(
        remote=policy,
        regions=unique(_header_regions(value)),
        text=value.strip(),
        source=(header,),  # verbatim, as the board wrote it
    )
