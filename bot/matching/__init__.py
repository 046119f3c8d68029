"""Intent matching: catalogue loading, normalisation, classification and the decision gate.

``Matcher(load_catalogue()).match(text) -> MatchResult``.
"""

from bot.matching import cache
from bot.matching.catalogue import Catalogue, Intent, load_catalogue, parse_catalogue
from bot.matching.matcher import Gate, Matcher, ModelParams

__all__ = [
    "Catalogue",
    "Gate",
    "Intent",
    "Matcher",
    "ModelParams",
    "cache",
    "load_catalogue",
    "parse_catalogue",
]
