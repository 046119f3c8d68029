"""Questions in other languages: understood like their English twins, answered with a note."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pytest

from bot.assistant import Assistant
from bot.models import Answer, Question
from tests.answers.support import assistant
from tests.matching.test_language import topics


@lru_cache(maxsize=1)
def bot() -> Assistant:
    return assistant("monzo")


def ask(text: str) -> Answer:
    return bot().ask(Question(text, conversation="languages"))


def outcome(answer: Answer) -> tuple[bool, tuple[str, ...]]:
    return answer.answered, answer.intents or ((answer.intent,) if answer.intent else ())


def test_main_topics_are_understood_in_every_language() -> None:
    """Each language gets its English twin's answer for at least 11 of the 12 main topics."""
    right: Counter[str] = Counter()
    wrong: list[str] = []
    for topic, questions in topics().items():
        english = outcome(ask(questions["en"]))
        for code, text in questions.items():
            if code == "en":
                continue
            got = outcome(ask(text))
            right[code] += got == english
            if got != english:
                wrong.append(f"{code} {topic}: {text!r} -> {got}, English {english}")
    assert all(right[c] >= 11 for c in right), "\n".join(wrong)
    assert sum(right.values()) >= 115, "\n".join(wrong)


def test_replies_to_other_languages_say_they_are_in_english() -> None:
    """The note is in the question's language, after the English answer."""
    answer = ask("Qual è lo stipendio?")
    assert answer.answered and answer.intent == "salary"
    assert "£95,000 - £150,000" in answer.text
    assert answer.text.endswith("\n(risposta in inglese)")
    assert ask("Яка зарплата?").text.endswith("(відповідь англійською)")
    assert ask("Koks atlyginimas?").text.endswith("(atsakyta anglų kalba)")


def test_english_replies_carry_no_note() -> None:
    """English questions, including casual ones, get no note in any language."""
    notes = [lex.note for lex in bot().languages.lexicons.values() if lex.note]
    for text in ("What is the salary?", "yo do u do visas", "Do you sponsor visas?", "zxcvbnm"):
        answer = ask(text)
        assert not any(note in answer.text for note in notes), (text, answer.text)


def test_no_guard_declines_a_job_question_in_another_language() -> None:
    """A job question whose English twin is answered is never declined as out of scope."""
    kinds = {i.id: i.kind for i in bot().catalogue.intents}
    for questions in topics().values():
        if not ask(questions["en"]).answered:
            continue
        for code, text in questions.items():
            answer = ask(text)
            declined = answer.intent is not None and kinds.get(answer.intent) != "job"
            assert not declined, f"{code}: {text!r} declined as {answer.intent}"


def test_half_read_questions_are_not_guessed_at() -> None:
    """ "Do you pay for the flat in the first month?" with the flat unread is no salary answer."""
    answer = ask("Чи платите ви за квартиру в перший місяць?")
    assert not answer.answered and "95,000" not in answer.text
    assert answer.text.endswith("(відповідь англійською)")


@pytest.mark.parametrize(
    "text", ["Gibt es einen Dienstwagen?", "Jakie jest wyposażenie?", "Avete una palestra?"]
)
def test_unread_words_are_never_called_off_topic(text: str) -> None:
    """A question partly unread is "not sure" with topics to pick, never an off-topic refusal."""
    answer = ask(text)
    assert not answer.answered and answer.intent is None
    assert answer.text.startswith("I'm not sure I understood") and answer.suggestions


def test_a_translated_job_question_is_not_declined_as_general_knowledge() -> None:
    """ "what is job title?" read from French is a job question, whatever the English guards say."""
    answer = ask("Quel est l'intitulé du poste ?")
    assert answer.intent is None or not answer.intent.startswith("oos")
    assert not answer.text.startswith("That's outside what I can help with")
    assert answer.text.endswith("(réponse en anglais)")


def test_an_off_topic_question_in_another_language_is_still_declined() -> None:
    """Declines stay for questions without unread or job words: "how do I block my card?"."""
    answer = ask("¿Cómo bloqueo mi tarjeta?")
    assert not answer.answered and answer.intent == "oos_banking"
    assert answer.text.endswith("(respondido en inglés)")
