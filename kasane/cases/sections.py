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


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]


def section(template: str, *, order: int) -> Callable[[SectionFunction], SectionFunction]:
    """Register `build(user, case)` as the case-page section drawn by `template`."""
    return _sections.register(template, order=order)


def sections_for(user: User, case: Case) -> list[Section]:
    """The sections this viewer sees on the case page, in their order."""
    shown = []
    for entry in _sections.in_order():
        context = entry.function(user, case)
        if context is not None:
            shown.append(Section(template=entry.name, context=context))
    return shown
