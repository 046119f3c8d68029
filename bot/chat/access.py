"""Who may do what: the one recruiter check of the bot (chat and ``/digest`` alike)."""

from __future__ import annotations

from collections.abc import Collection


def is_recruiter(user: str | None, recruiters: Collection[str]) -> bool:
    """Whether ``user`` (``slack:U1``, ``telegram:42``) is on the ``RECRUITERS`` allow-list."""
    return bool(user) and user in recruiters


def may_run_recruiter_command(user: str | None, private: bool, recruiters: Collection[str]) -> bool:
    """Recruiter commands run for a listed recruiter, where only they see the reply."""
    return private and is_recruiter(user, recruiters)
