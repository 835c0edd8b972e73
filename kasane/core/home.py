"""The home page (今日やること) is made of cards that each app contributes from its own
`home.py`: a function of the user that returns what the card shows, or None when the card is
not for them. Core names no domain app: `CoreConfig.ready()` imports every installed app's
`home` module (`autodiscover_modules`), and each registers its cards with `@card`. A new
program adds its card by adding a file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kasane.core.registry import Registry

CardFunction = Callable[[Any], Any]

# Cards are computed in their order (they audit what they show); the name is the template's.
_cards: Registry[CardFunction] = Registry("home cards")


def card(name: str, *, order: int) -> Callable[[CardFunction], CardFunction]:
    """Register `build(user)` as the card `name` of the home page."""
    return _cards.register(name, order=order)


def cards_for(user: Any) -> dict[str, Any]:
    """Every registered card's content for this user (None for a card not theirs)."""
    return {entry.name: entry.function(user) for entry in _cards.in_order()}
