"""Evidence check: does a question share any content word with the intent it matched?

The classifier can be pulled by function words ("how much travel?" looks like "how much is
the salary?"). An accepted job intent whose examples and keywords share no content word with
the question is treated as unsure, so the question goes to the long tail or gets an honest
"I'm not sure" instead of a confident wrong fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.matching import Catalogue

# Function words (accent-free, lower case) in the languages the catalogue covers.
_STOP_TEXT = """
a about after again all also am an and any are as at be been but by can could did do does
doing for from get got had has have how i if in into is it its just let me might more most
much my no not now of on or our out over please s so some than that the their them then there
these they this those to too u up us very was we were what whats when where which who whom
why will with would you your yours ya yo r ur im ive id ill youre hey hi hello ok okay pls
plz thanks thank there here one ones any anything something thing things really much many
like kind sort still just also tell know want need role job position posting company
que el la los las de del en y un una es hay con por para se mi me su sus cual como cuanto
cuantos cuanta puedo usted ustedes vosotros le lo al
le la les de des du un une est et en quel quelle quels quelles ce cet cette pour avec il y
vous je mon ma mes votre vos qui quoi comment combien sont au aux
der die das ist und ein eine einen wie was wo ich ihr es gibt bei mit fur zu kann den dem
des sie wir uns euch hoch viel viele
o os as do da dos das em e um uma qual quais como tem para com eu voces voce sao no na
jak jaki jaka jakie czy jest sa i w na z do sie to ile co mozna
"""
STOP = frozenset(_STOP_TEXT.split())


class Evidence:
    """Per-intent content vocabularies, built lazily with the matcher's own tokenizer."""

    def __init__(self, catalogue: Catalogue, tokens: Callable[[str], Sequence[str]]) -> None:
        self._catalogue = catalogue
        self._tokens = tokens
        self._vocab: dict[str, frozenset[str]] = {}

    def vocabulary(self, intent_id: str) -> frozenset[str]:
        vocab = self._vocab.get(intent_id)
        if vocab is None:
            intent = self._catalogue.get(intent_id)
            words: set[str] = set()
            for text in (*intent.examples, *intent.keywords, intent.label):
                words.update(t for t in self._tokens(text) if t not in STOP)
            vocab = self._vocab[intent_id] = frozenset(words)
        return vocab

    def covers(self, intent_ids: Sequence[str], normalized: str) -> bool:
        """True when every content word of the question belongs to these intents: the
        question is squarely about their topic (so no other sentence should stand in)."""
        content = {t for t in normalized.split() if t not in STOP and len(t) > 1}
        vocab: set[str] = set()
        for intent_id in intent_ids:
            vocab |= self.vocabulary(intent_id)
        return content <= vocab

    def supports(
        self, intent_id: str, normalized: str, ignore: frozenset[str] = frozenset()
    ) -> bool:
        """False only when the question has content words and none is the intent's.

        ``ignore``: words that carry no topic, such as the employer's name ("what does
        Monzo do?" is about the company whatever the company is called)."""
        content = {t for t in normalized.split() if t not in STOP and len(t) > 1}
        content = {t for t in content if not t.isdigit() and t not in ignore}
        if not content:
            return True
        return bool(content & self.vocabulary(intent_id))
