"""Human handoff: a candidate's conversation handed to recruiters in ``HANDOFF_CHANNEL``.

The chat core opens a handoff on ``/human`` (or the "Talk to a person" button it offers after
repeated failures and under contact answers): the channel gets a message with the question,
the bot's last answers and the candidate's platform, and the adapter reports that message's
id (:meth:`Handoffs.posted`). A listed recruiter's reply in its thread is relayed to the
candidate; the candidate's messages go to the thread, and the bot stays quiet in that
conversation until a recruiter replies ``close`` or ``HANDOFF_HOURS`` (24) pass. Ended
handoffs are deleted by the clock's purge, since they hold the candidate's raw chat id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.storage.records import Handoff

if TYPE_CHECKING:
    from bot.storage import Store

HANDOFF_HOURS = 24


class Handoffs:
    """The handoff state over the store (the chat core's ``HandoffPort``)."""

    def __init__(
        self,
        store: Store,
        channel: str,
        pseudonym: Callable[[str], str],
        hours: int = HANDOFF_HOURS,
    ) -> None:
        self.store = store
        self.channel = channel
        self._pseudonym = pseudonym
        self.hours = hours

    def open(self, user: str, conversation: str) -> int:
        expires = self.store.now() + timedelta(hours=self.hours)
        return self.store.handoffs.open(self._pseudonym(user), conversation, self.channel, expires)

    def posted(self, handoff_id: int, message_ref: str) -> None:
        self.store.handoffs.set_ref(handoff_id, message_ref)

    def active(self, conversation: str) -> Handoff | None:
        return self.store.handoffs.active(conversation)

    def by_ref(self, message_ref: str) -> Handoff | None:
        return self.store.handoffs.by_ref(self.channel, message_ref)

    def close(self, handoff_id: int) -> bool:
        return self.store.handoffs.close(handoff_id)
