"""`in_quotes`: the person's own words in 「」 once, also when they were typed with them."""

from __future__ import annotations

from django import template

register = template.Library()

OPENING, CLOSING = "「", "」"


@register.filter
def in_quotes(value: str | None) -> str:
    """「母の世話を続けたい」 from either 母の世話を続けたい or 「母の世話を続けたい」 (the form's
    example shows the brackets, so people type them); never 「「…」」."""
    text = (value or "").strip()
    if text.startswith(OPENING) and text.endswith(CLOSING):
        return text
    return f"{OPENING}{text}{CLOSING}"
