"""Answers: compose replies from a role's facts, quote the posting for the long tail, pick roles.

- :mod:`bot.answers.compose` — match result + role -> :class:`~bot.models.Answer`;
- :mod:`bot.answers.render` (with ``render_benefits``, ``render_hiring``, ``render_place``,
  ``render_tech``) — one renderer per fact family, each sourced, never guessing;
- :mod:`bot.answers.longtail` — quoting the posting for questions no intent covers;
- :mod:`bot.answers.roles` — loaded roles and which one a message names;
- :mod:`bot.answers.guards`, :mod:`bot.answers.evidence` — checks around the matcher;
- :mod:`bot.answers.places`, :mod:`bot.answers.tech` — gazetteer and technology names;
- :mod:`bot.answers.evaluate` — scoring a question file (``python -m bot eval``).

The facade adapters use is :class:`bot.assistant.Assistant`.
"""
