"""Sections that the apps built on cases add to the case page (the 会議 card today; outreach
and participation next): each registers, in its own `case_sections.py`, a function of the viewer
and the case that returns its template's context, or None when the section is not for this
viewer. Cases name no app above them: `CasesConfig.ready()` imports every installed app's
`case_sections` module, as core does for the home page's cards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.core.registry import Registry

SectionFunction = Callable[[User, Case], dict[str, Any] | None]

_sections: Registry[SectionFunction] = Registry("case-page sections")
# Each section's place in the links at the top of the case page: (id of its element, label).
_links: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]
    anchor: str = ""
    label: str = ""


def section(
    template: str, *, order: int, anchor: str = "", label: str = ""
) -> Callable[[SectionFunction], SectionFunction]:
    """Register `build(user, case)` as the case-page section drawn by `template`; `anchor` (the
    id of its element) and `label` list it among the links at the top of the page."""
    if anchor:
        _links[template] = (anchor, label)
    return _sections.register(template, order=order)


def sections_for(user: User, case: Case) -> list[Section]:
    """The sections this viewer sees on the case page, in their order."""
    shown = []
    for entry in _sections.in_order():
        context = entry.function(user, case)
        if context is not None:
            anchor, label = _links.get(entry.name, ("", ""))
            shown.append(Section(entry.name, context, anchor=anchor, label=label))
    return shown
