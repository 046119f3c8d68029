"""Answers: compose replies from a role's facts, quote the posting for the long tail, pick roles.

Entry points: :class:`bot.answers.compose.Composer` (match result + role -> ``Answer``),
:mod:`bot.answers.render` (one renderer per fact family), :mod:`bot.answers.longtail`
and :mod:`bot.answers.roles`. The facade adapters use is :class:`bot.assistant.Assistant`.
"""
