"""Score a question file in the ``dev_questions.yaml`` format against the assistant.

Each item: ``q``, ``cat`` and how to judge the answer: ``expect`` (every regex must match),
``forbid`` (none may match), ``unanswered`` (must decline), ``unanswered_ok`` (declining is
fine; if it answers, ``expect`` applies). Out-of-scope items that must be declined
(``cat: oos``) must also carry no job fact: no posting sentence as a source. An optional
``role`` (per item, or at the top of the file) names the role a question is about.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.errors import KnowledgeError
from bot.models import Answer, Question

if TYPE_CHECKING:
    from bot.assistant import Assistant


@dataclass(frozen=True, slots=True)
class Item:
    q: str
    cat: str
    expect: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    unanswered: bool = False
    unanswered_ok: bool = False
    role: str | None = None  # the role slug the question is about (else the file's or --role)


@dataclass(frozen=True, slots=True)
class Result:
    item: Item
    answer: Answer
    passed: bool
    reason: str = ""


def load_items(path: Path) -> list[Item]:
    """Items of a question file; a one-line KnowledgeError when it is malformed."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read the question file: {exc}") from exc
    raw = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path}: expected a mapping with a 'questions' list")
    default_role = str(data["role"]) if data.get("role") else None
    items = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
            raise KnowledgeError(f"{path}: questions[{n}] needs a 'q' string")
        items.append(
            Item(
                q=entry["q"],
                cat=str(entry.get("cat", "other")),
                expect=tuple(str(x) for x in entry.get("expect") or ()),
                forbid=tuple(str(x) for x in entry.get("forbid") or ()),
                unanswered=bool(entry.get("unanswered", False)),
                unanswered_ok=bool(entry.get("unanswered_ok", False)),
                role=str(entry["role"]) if entry.get("role") else default_role,
            )
        )
    return items


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


def report(results: Sequence[Result], out: TextIO, verbose: bool = False) -> float:
    """Print per-category scores and each failure; return the overall score in [0, 1]."""
    by_cat: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_cat[r.item.cat].append(r)
        if verbose or not r.passed:
            mark = "ok  " if r.passed else "FAIL"
            text = " ".join(r.answer.text.split())[:160]
            reason = f" ({r.reason})" if r.reason else ""
            out.write(f"{mark} [{r.item.cat}] {r.item.q!r}{reason}\n     -> {text}\n")
    out.write(f"\n{'category':14} {'passed':>8} {'score':>7}\n")
    for cat, rs in by_cat.items():
        ok = sum(r.passed for r in rs)
        out.write(f"{cat:14} {ok:>4}/{len(rs):<3} {ok / len(rs):>7.1%}\n")
    total = sum(r.passed for r in results)
    overall = total / len(results) if results else 0.0
    out.write(f"{'overall':14} {total:>4}/{len(results):<3} {overall:>7.1%}\n")
    return overall
