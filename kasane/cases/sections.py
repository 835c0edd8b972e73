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

SectionFunction = Callable[[User, Case], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class _Registered:
    template: str
    order: int
    build: SectionFunction


_sections: dict[str, _Registered] = {}


def section(template: str, *, order: int) -> Callable[[SectionFunction], SectionFunction]:
    """Register `build(user, case)` as the case-page section drawn by `template`."""

    def register(build: SectionFunction) -> SectionFunction:
        if template in _sections and _sections[template].build is not build:
            raise ValueError(f"two case-page sections use {template}")
        _sections[template] = _Registered(template=template, order=order, build=build)
        return build

    return register


def sections_for(user: User, case: Case) -> list[Section]:
    """The sections this viewer sees on the case page, in their order."""
    shown = []
    for registered in sorted(_sections.values(), key=lambda each: each.order):
        context = registered.build(user, case)
        if context is not None:
            shown.append(Section(template=registered.template, context=context))
    return shown
