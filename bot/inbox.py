"""The recruiters' inbox: declined, unsure and 👎 questions grouped by similarity.

Logging a question is one insert; grouping happens when the inbox is read (:func:`refresh`):
each new question joins the open group whose questions it is most similar to
(:func:`bot.answers.paraphrase.similarity` ≥ :data:`SIMILAR`), else starts a group. Group ids
are stored, so ``inbox answer GROUP_ID`` names the group ``inbox`` showed. Answering stores a
recruiter Q&A in the roles' knowledge files (kept by rebuilds) with the group's questions as
its examples, so the bot answers them and their paraphrases from then on. Dismissed and
answered groups leave the inbox; new similar questions start a new group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.answers.paraphrase import similarity
from bot.errors import UsageError
from bot.storage import Store
from bot.storage.questions_repo import ANSWERED, DISMISSED, OPEN
from bot.storage.records import LoggedQuestion

SIMILAR = 0.7
MAX_EXAMPLES = 20  # example questions stored with a recruiter's answer


@dataclass(frozen=True, slots=True)
class InboxGroup:
    """Similar questions the bot could not (or not surely) answer."""

    id: int
    count: int
    question: str  # the representative: the one most like the others
    questions: tuple[str, ...]  # distinct texts, most asked first
    roles: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    answers: tuple[str, ...]  # what the bot said (distinct)
    downvotes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "count": self.count,
            "question": self.question,
            "questions": list(self.questions),
            "roles": list(self.roles),
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "answers": list(self.answers),
            "downvotes": self.downvotes,
        }


def refresh(store: Store) -> int:
    """Put questions not yet grouped into open groups (or new ones); how many were placed."""
    new = store.questions.ungrouped()
    if not new:
        return 0
    members: dict[int, list[str]] = {}
    for row in store.questions.grouped((OPEN,)):
        if row.group_id is not None:
            members.setdefault(row.group_id, []).append(row.text)
    placements: list[tuple[int, int | None]] = []
    for row in new:
        best, score = None, 0.0
        for group, texts in members.items():
            value = max(similarity(row.text, t) for t in texts)
            if value > score:
                best, score = group, value
        if best is None or score < SIMILAR:
            best = -row.id  # a new group, created on assignment
        members.setdefault(best, []).append(row.text)
        placements.append((row.id, best))
    store.questions.assign(placements)
    return len(placements)


def groups(store: Store, role: str | None = None) -> list[InboxGroup]:
    """The open groups (refreshed first), biggest and most recent first."""
    refresh(store)
    by_group: dict[int, list[LoggedQuestion]] = {}
    for row in store.questions.grouped((OPEN,)):
        if row.group_id is not None:
            by_group.setdefault(row.group_id, []).append(row)
    found = [_group(gid, rows) for gid, rows in by_group.items()]
    if role is not None:
        found = [g for g in found if role in g.roles]
    return sorted(found, key=lambda g: (-g.count, -g.last_seen.timestamp(), g.id))


def _group(group_id: int, rows: Sequence[LoggedQuestion]) -> InboxGroup:
    counts = Counter(r.text.strip() for r in rows)
    texts = [t for t, _ in counts.most_common()]
    representative = max(
        texts, key=lambda t: (sum(similarity(t, o) * counts[o] for o in texts), counts[t])
    )
    return InboxGroup(
        id=group_id,
        count=len(rows),
        question=representative,
        questions=tuple(texts),
        roles=tuple(sorted({r.role for r in rows if r.role})),
        first_seen=min(r.asked_at for r in rows),
        last_seen=max(r.asked_at for r in rows),
        answers=tuple(dict.fromkeys(r.answer for r in rows)),
        downvotes=sum(r.feedback == "down" for r in rows),
    )


def get(store: Store, group_id: int) -> InboxGroup:
    """The open group ``group_id``, or a UsageError saying why there is none."""
    for group in groups(store):
        if group.id == group_id:
            return group
    status = store.questions.group_status(group_id)
    if status in (ANSWERED, DISMISSED):
        raise UsageError(f"inbox group {group_id} is already {status}")
    raise UsageError(f"no inbox group {group_id}: see python -m bot inbox")


def answer(
    store: Store,
    knowledge_dir: Path,
    group_id: int,
    text: str,
    *,
    roles: Sequence[str] = (),
    all_roles: bool = False,
) -> list[Path]:
    """Store ``text`` as the recruiter's answer to group ``group_id`` in the roles' knowledge
    files (default: the roles its questions were about); the files written."""
    from bot.knowledge.qa_edit import add_qa, find_role_file
    from bot.knowledge.store import role_files

    if not text.strip():
        raise UsageError("the answer is empty")
    group = get(store, group_id)
    if all_roles:
        paths = role_files(knowledge_dir)
    else:
        slugs = list(roles) or list(group.roles)
        if not slugs:
            files = role_files(knowledge_dir)
            if len(files) != 1:
                raise UsageError(f"group {group_id} names no role: say --role SLUG or --all-roles")
            paths = files
        else:
            paths = [find_role_file(knowledge_dir, slug) for slug in slugs]
    if not paths:
        raise UsageError(f"no role files in {knowledge_dir}")
    for path in paths:
        add_qa(path, group.questions[:MAX_EXAMPLES], text)
    store.questions.resolve(group_id, ANSWERED)
    return paths


def dismiss(store: Store, group_id: int) -> InboxGroup:
    """Take group ``group_id`` out of the inbox without answering it."""
    group = get(store, group_id)
    store.questions.resolve(group_id, DISMISSED)
    return group


class Inbox:
    """The inbox for chat (Slack App Home, ``/inbox``, ``/answer``, ``/dismiss``).

    ``flush`` stores the conversation log's queued rows before reading; ``answered(slugs)``
    is told which roles got a new Q&A (the running assistant re-reads those files).
    """

    def __init__(
        self,
        store: Store,
        knowledge_dir: Path,
        *,
        flush: Callable[[], None] = lambda: None,
        answered: Callable[[Sequence[str]], None] = lambda slugs: None,
    ) -> None:
        self.store = store
        self.knowledge_dir = knowledge_dir
        self._flush = flush
        self._answered = answered

    def items(self, limit: int = 10) -> list[InboxGroup]:
        self._flush()
        return groups(self.store)[:limit]

    def answer(self, group_id: int, text: str) -> str:
        self._flush()
        group = get(self.store, group_id)
        from bot.knowledge.store import load_role_file

        paths = answer(self.store, self.knowledge_dir, group_id, text)
        slugs = [load_role_file(path).role.slug for path in paths]
        self._answered(slugs)
        return (
            f"Answered inbox group #{group_id} (“{group.question}”, {group.count} question(s)) "
            f"for {', '.join(slugs)}: candidates asking it now get your answer."
        )

    def dismiss(self, group_id: int) -> str:
        self._flush()
        group = dismiss(self.store, group_id)
        return f"Dismissed inbox group #{group.id} (“{group.question}”)."
