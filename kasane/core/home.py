"""The home page (今日やること) is made of cards that each app contributes from its own
`home.py`: a function of the user that returns what the card shows, or None when the card is
not for them. Core names no domain app: `CoreConfig.ready()` imports every installed app's
`home` module (`autodiscover_modules`), and each registers its cards with `@card`. A new
program adds its card by adding a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CardFunction = Callable[[Any], Any]


@dataclass(frozen=True)
class Card:
    name: str  # the template's context name
    order: int  # cards are computed in this order (they audit what they show)
    build: CardFunction


_cards: dict[str, Card] = {}


def card(name: str, *, order: int) -> Callable[[CardFunction], CardFunction]:
    """Register `build(user)` as the card `name` of the home page."""

    def register(build: CardFunction) -> CardFunction:
        if name in _cards and _cards[name].build is not build:
            raise ValueError(f"two home cards named {name}")
        _cards[name] = Card(name=name, order=order, build=build)
        return build

    return register


def cards_for(user: Any) -> dict[str, Any]:
    """Every registered card's content for this user (None for a card not theirs)."""
    return {c.name: c.build(user) for c in sorted(_cards.values(), key=lambda c: c.order)}
