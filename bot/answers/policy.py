"""Every threshold that decides how a question is answered, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Policy:
    """The answer pipeline's thresholds (matcher scores are in [0, 1])."""

    # A job intent this sure is answered next to a long-tail topic in the same message.
    sure: float = 0.9
    # When the matcher is unsure between two job topics, both are answered if each is this
    # likely.
    soft_score: float = 0.38
    soft_second: float = 0.3
    # An accepted topic below this confidence gets a job runner-up this close answered too.
    sure_alone: float = 0.7
    close_runner: float = 0.12
    # Topics at least this likely are offered as "did you mean …".
    suggest_score: float = 0.2
    # A message this likely to be smalltalk or out of scope is never answered by quotation.
    longtail_block: float = 0.35
    # A recruiter's own Q&A answers a question this similar (rapidfuzz token sort, 0-100).
    qa_min_score: float = 86.0


POLICY = Policy()
