"""Sections that the apps built on outreach add to a target's page (the 会議 card: the 支援会議
that discussed the target): each registers, in its own `target_sections.py`, a function of the
viewer and the target that returns its template's context, or None when the section is not for
this viewer. Outreach names no app above it: `OutreachConfig.ready()` imports every installed
app's `target_sections` module, as cases do for the case page (`kasane.cases.sections`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kasane.accounts.models import User
from kasane.core.registry import Registry
from kasane.outreach.models import OutreachTarget

SectionFunction = Callable[[User, OutreachTarget], dict[str, Any] | None]

_sections: Registry[SectionFunction] = Registry("target-page sections")


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]


def section(template: str, *, order: int) -> Callable[[SectionFunction], SectionFunction]:
    """Register `build(user, target)` as the target-page section drawn by `template`."""
    return _sections.register(template, order=order)


def sections_for(user: User, target: OutreachTarget) -> list[Section]:
    """The sections this viewer sees on the target page, in their order."""
    shown = []
    for entry in _sections.in_order():
        context = entry.function(user, target)
        if context is not None:
            shown.append(Section(entry.name, context))
    return shown
