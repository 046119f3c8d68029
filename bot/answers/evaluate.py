"""Score a question file against the assistant: right, wrong or missed.

Two formats. The dev format (``dev_questions.yaml``) is a ``questions`` list about the loaded
knowledge. The corpus format (``corpus_questions.yaml``) is a ``postings`` list, each with a
``path`` (relative to the corpus folder), optional ``kinds`` and its own ``questions``; every
posting is built in-process and its questions are asked of an assistant that knows only it.

Each item: ``q``, optional ``cat`` and how to judge the answer: ``expect`` (every regex must
match), ``forbid`` (none may match), ``unanswered`` (must decline), ``unanswered_ok`` (declining
is fine; if it answers, ``expect`` applies). Out-of-scope items that must be declined
(``cat: oos``) must also carry no job fact: no posting sentence as a source. An optional
``role`` (per item, or at the top of the file) names the role a question is about.

A result is *right* (passes), *missed* (declined where an answer was due) or *wrong* (any
other failure: an answer that misses or contradicts the label, or one that should have been a
decline). Wrong answers are worse than missed ones.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.errors import KnowledgeError
from bot.models import Answer, Question

if TYPE_CHECKING:
    from bot.assistant import Assistant

RIGHT, WRONG, MISSED = "right", "wrong", "missed"
GRADES = (RIGHT, WRONG, MISSED)


@dataclass(frozen=True, slots=True)
class Item:
    q: str
    cat: str
    expect: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    unanswered: bool = False
    unanswered_ok: bool = False
    role: str | None = None  # the role slug the question is about (else the file's or --role)
    posting: str | None = None  # corpus format: the posting path, relative to the corpus
    kinds: tuple[str, ...] = ()  # corpus format: the posting's kinds


@dataclass(frozen=True, slots=True)
class Posting:
    """A corpus-format posting and its questions."""

    path: str
    kinds: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Suite:
    """A loaded question file: dev-format items, or corpus postings (never both)."""

    items: tuple[Item, ...] = ()
    postings: tuple[Posting, ...] = ()
    corpus: Path | None = None  # the folder posting paths are relative to

    @property
    def all_items(self) -> tuple[Item, ...]:
        return self.items + tuple(i for p in self.postings for i in p.items)


@dataclass(frozen=True, slots=True)
class Result:
    item: Item
    answer: Answer
    passed: bool
    reason: str = ""

    @property
    def grade(self) -> str:
        """Right when passed; missed when the bot declined; else wrong."""
        if self.passed:
            return RIGHT
        return WRONG if self.answer.answered else MISSED


def label_category(item: Item) -> str:
    """A category from the label alone, for files without ``cat``."""
    if item.unanswered:
        return "not-stated"
    if item.unanswered_ok:
        return "hinted"
    return "stated"


def _item(path: Path, where: str, entry: Any, default_role: str | None, **extra: Any) -> Item:
    if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
        raise KnowledgeError(f"{path}: {where} needs a 'q' string")
    for key in ("expect", "forbid"):
        for pattern in entry.get(key) or ():
            try:
                re.compile(str(pattern))
            except re.error as exc:
                raise KnowledgeError(
                    f"{path}: {where}: bad {key} regex {pattern!r}: {exc}"
                ) from exc
    item = Item(
        q=entry["q"],
        cat=str(entry.get("cat") or ""),
        expect=tuple(str(x) for x in entry.get("expect") or ()),
        forbid=tuple(str(x) for x in entry.get("forbid") or ()),
        unanswered=bool(entry.get("unanswered", False)),
        unanswered_ok=bool(entry.get("unanswered_ok", False)),
        role=str(entry["role"]) if entry.get("role") else default_role,
        **extra,
    )
    return item if item.cat else replace(item, cat=label_category(item))


def load_suite(path: Path, corpus: Path | None = None) -> Suite:
    """A question file in either format; a one-line KnowledgeError when it is malformed.

    ``corpus`` overrides the folder posting paths are relative to (default: the file's
    ``corpus`` key, else ``../corpus/remotewlb`` beside the file).
    """
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read the question file: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping with a 'questions' or 'postings' list")
    default_role = str(data["role"]) if data.get("role") else None
    if "postings" in data:
        return _corpus_suite(path, data, corpus)
    raw = data.get("questions")
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path}: expected a mapping with a 'questions' or 'postings' list")
    items = tuple(_item(path, f"questions[{n}]", e, default_role) for n, e in enumerate(raw))
    return Suite(items=items)


def _corpus_suite(path: Path, data: dict[str, Any], corpus: Path | None) -> Suite:
    raw = data.get("postings")
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path}: 'postings' must be a list")
    if corpus is None:
        named = data.get("corpus")
        corpus = (
            (path.parent / str(named)) if named else path.parent.parent / "corpus" / "remotewlb"
        )
    postings = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise KnowledgeError(f"{path}: postings[{n}] needs a 'path' string")
        questions = entry.get("questions")
        if not isinstance(questions, list):
            raise KnowledgeError(f"{path}: postings[{n}] needs a 'questions' list")
        kinds = tuple(str(k) for k in entry.get("kinds") or ())
        items = tuple(
            _item(
                path, f"postings[{n}].questions[{m}]", e, None, posting=entry["path"], kinds=kinds
            )
            for m, e in enumerate(questions)
        )
        postings.append(Posting(entry["path"], kinds, items))
    return Suite(postings=tuple(postings), corpus=corpus)


def load_items(path: Path) -> list[Item]:
    """Items of a question file (either format); a one-line KnowledgeError when malformed."""
    return list(load_suite(path).all_items)


def judge(item: Item, answer: Answer) -> tuple[bool, str]:
    """Whether ``answer`` passes ``item``, and why not."""
    if item.unanswered:
        if answer.answered:
            return False, "should have declined"
        if item.cat == "oos" and answer.sources:
            return False, "an out-of-scope question got a job fact"
        return True, ""
    if item.unanswered_ok and not answer.answered:
        return True, ""
    if not answer.answered:
        return False, "declined"
    missing = [p for p in item.expect if not re.search(p, answer.text, re.IGNORECASE)]
    if missing:
        return False, f"missing /{'/, /'.join(missing)}/"
    found = [p for p in item.forbid if re.search(p, answer.text, re.IGNORECASE)]
    if found:
        return False, f"forbidden /{'/, /'.join(found)}/"
    return True, ""


def score(assistant: Assistant, items: Sequence[Item], role: str | None = None) -> list[Result]:
    """Ask every item in a fresh conversation and judge the answers."""
    results = []
    for n, item in enumerate(items):
        answer = assistant.ask(Question(item.q, conversation=f"eval:{n}", role=role or item.role))
        passed, reason = judge(item, answer)
        results.append(Result(item, answer, passed, reason))
    return results


def score_postings(
    suite: Suite,
    make: Callable[[Path], Assistant],
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Result]:
    """Build each posting (``make`` turns a posting file into an assistant) and score it.

    A posting that cannot be built fails its questions (graded missed, reason given).
    """
    if suite.corpus is None:
        raise KnowledgeError("not a corpus-format question file")
    results: list[Result] = []
    for n, posting in enumerate(suite.postings):
        if progress is not None:
            progress(n, len(suite.postings), posting.path)
        try:
            assistant = make(suite.corpus / posting.path)
        except KnowledgeError as exc:
            reason = f"posting not built: {exc}"
            results.extend(Result(i, Answer(False, ""), False, reason) for i in posting.items)
            continue
        results.extend(score(assistant, posting.items))
    return results


def tally(
    results: Iterable[Result], key: Callable[[Result], Iterable[str]]
) -> dict[str, dict[str, int]]:
    """Counts of right/wrong/missed per group (a result may count in several groups)."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GRADES, 0))
    for r in results:
        for group in key(r):
            table[group][r.grade] += 1
    return dict(table)


def _table(title: str, table: dict[str, dict[str, int]], out: TextIO) -> None:
    width = max([len(title), *(len(k) for k in table)]) + 1
    out.write(
        f"\n{title:{width}} {'right':>6} {'wrong':>6} {'missed':>6} {'total':>6} {'score':>7}\n"
    )
    for group, counts in table.items():
        total = sum(counts.values())
        right = counts[RIGHT]
        out.write(
            f"{group:{width}} {right:>6} {counts[WRONG]:>6} {counts[MISSED]:>6} {total:>6} "
            f"{right / total if total else 0:>7.1%}\n"
        )


def report(
    results: Sequence[Result], out: TextIO, verbose: bool = False, kinds: bool = False
) -> float:
    """Print each failure and right/wrong/missed per category; return the share right."""
    for r in results:
        if verbose or not r.passed:
            mark = "ok  " if r.passed else ("WRONG" if r.grade == WRONG else "MISS")
            mark = mark if r.passed else f"FAIL {mark}"
            text = " ".join(r.answer.text.split())[:200]
            reason = f" ({r.reason})" if r.reason else ""
            where = f" {r.item.posting}" if r.item.posting else ""
            out.write(f"{mark} [{r.item.cat}]{where} {r.item.q!r}{reason}\n     -> {text}\n")
    by_cat = tally(results, lambda r: (r.item.cat,))
    by_cat["overall"] = tally(results, lambda r: ("overall",)).get(
        "overall", dict.fromkeys(GRADES, 0)
    )
    _table("category", by_cat, out)
    if kinds:
        _table("posting kind", dict(sorted(tally(results, lambda r: r.item.kinds).items())), out)
    total = sum(r.passed for r in results)
    return total / len(results) if results else 0.0


def _overall(results: Sequence[Result]) -> dict[str, int]:
    return tally(results, lambda r: ("overall",)).get("overall", dict.fromkeys(GRADES, 0))


def summary(results: Sequence[Result]) -> dict[str, Any]:
    """The JSON form of a run: totals, per category, and every result."""
    overall = _overall(results)
    return {
        "total": len(results),
        **overall,
        "score": overall[RIGHT] / len(results) if results else 0.0,
        "categories": tally(results, lambda r: (r.item.cat,)),
        "results": [
            {
                "q": r.item.q,
                "cat": r.item.cat,
                "posting": r.item.posting,
                "grade": r.grade,
                "reason": r.reason,
                "answered": r.answer.answered,
                "intent": r.answer.intent,
                "text": r.answer.text,
            }
            for r in results
        ],
    }
