"""Renderers for the hiring process: stages, how long it takes, take-home task, final round."""

from __future__ import annotations

import re

from bot.answers.text import (
    SCAN,
    Ask,
    Rendered,
    clean_fact,
    join,
    sentence,
    sources,
    unknown,
    unknown_unless,
)
from bot.knowledge.schema import InterviewStage, Role

_TAKE_HOME = re.compile(
    r"take[- ]?home|assignment|homework|exercise|task|pair(ing)?|coding|challenge|test", re.I
)
_DESIGN = re.compile(r"system design|architecture|design", re.I)
_FINAL = re.compile(r"\b(last|final|onsite|on-site|end)\b", re.I)


def _stage(stage: InterviewStage) -> str:
    name = clean_fact(stage.name).rstrip(".:")
    if stage.description:
        return f"{name} ({clean_fact(stage.description).rstrip('.')})"
    return name


def _stages_text(stages: tuple[InterviewStage, ...]) -> str:
    return "; ".join(f"{n}. {_stage(s)}" for n, s in enumerate(stages, 1))


def _stage_sources(role: Role) -> tuple[str, ...]:
    fact = role.interview
    if fact is None:
        return ()
    return sources(fact.source, *(s.source for s in fact.stages))


def interview(role: Role, ask: Ask) -> Rendered:
    fact = role.interview
    if fact is None or (not fact.stages and not fact.text):
        return unknown_unless(role, "what the interview process is", SCAN["interview"])
    if fact.stages:
        count = len(fact.stages)
        text = f"The interview process has {count} stage{'s' if count != 1 else ''}: "
        text += _stages_text(fact.stages) + "."
        if fact.text and not fact.text.rstrip().endswith(":") and len(fact.text) < 300:
            text += f" {sentence(fact.text)}"
    else:
        text = f"On the interview process, the posting says: {sentence(fact.text or '')}"
    srcs = _stage_sources(role)
    duration = role.interview_duration
    if duration is not None:
        text += f" It takes {_duration(duration.text)} on average."
        srcs = sources(srcs, duration.source)
    return Rendered(True, text, srcs)


def _duration(text: str) -> str:
    text = clean_fact(text).rstrip(".")
    text = re.sub(r"\s+on average$", "", text, flags=re.I)
    return text


def interview_duration(role: Role, ask: Ask) -> Rendered:
    fact = role.interview_duration
    if fact is None:
        return unknown_unless(role, "how long the hiring process takes", SCAN["duration"])
    text = clean_fact(fact.text).rstrip(".")
    if len(text.split()) <= 6:
        body = f"The hiring process takes {_duration(text)} on average."
    else:
        body = f"On timing, the posting says: {sentence(text)}"
    return Rendered(True, body, sources(fact.source))


def take_home(role: Role, ask: Ask) -> Rendered:
    fact = role.interview
    if fact is None or not fact.stages:
        if fact is not None and fact.text and _TAKE_HOME.search(fact.text):
            return Rendered(True, f"The posting says: {sentence(fact.text)}", _stage_sources(role))
        return unknown(role, "whether there's a take-home task")
    hits = [(n, s) for n, s in enumerate(fact.stages, 1) if _TAKE_HOME.search(_stage(s))]
    if hits:
        parts = [f"stage {n} of {len(fact.stages)} is: {_stage(s)}" for n, s in hits]
        return Rendered(True, f"Yes: {join(parts)}.", _stage_sources(role))
    text = (
        "The posting doesn't mention a take-home task; the interview stages it lists are: "
        f"{_stages_text(fact.stages)}."
    )
    return Rendered(False, text, _stage_sources(role))


def system_design(role: Role, ask: Ask) -> Rendered:
    fact = role.interview
    if fact is None or not fact.stages:
        if fact is not None and fact.text and _DESIGN.search(fact.text):
            return Rendered(True, f"The posting says: {sentence(fact.text)}", _stage_sources(role))
        return unknown(role, "what the later interview stages involve")
    count = len(fact.stages)
    design = [(n, s) for n, s in enumerate(fact.stages, 1) if _DESIGN.search(_stage(s))]
    if _FINAL.search(ask.question) or not design:
        last = fact.stages[-1]
        text = f"The final stage (stage {count} of {count}) is: {_stage(last)}."
        if design or not re.search(r"design|architect", ask.question, re.I):
            return Rendered(True, text, _stage_sources(role))
        return Rendered(
            False,
            f"The posting doesn't mention a system design interview. {text}",
            _stage_sources(role),
        )
    parts = [f"stage {n} of {count} is: {_stage(s)}" for n, s in design]
    return Rendered(True, f"Yes: {join(parts)}.", _stage_sources(role))
