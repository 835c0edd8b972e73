"""Sections that the apps built on the directory add to a resource's page (the 取組 and 地域課題
a resource came from): each registers, in its own `resource_sections.py`, a function of the
viewer and the service that returns its template's context, or None when the section is not
for this viewer. The directory names no app above it: `ResourcesConfig.ready()` imports every
installed app's `resource_sections` module, as outreach does for the target page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kasane.accounts.models import User
from kasane.core.registry import Registry
from kasane.resources.models import Service

SectionFunction = Callable[[User, Service], dict[str, Any] | None]

_sections: Registry[SectionFunction] = Registry("resource-page sections")


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]


def section(template: str, *, order: int) -> Callable[[SectionFunction], SectionFunction]:
    """Register `build(user, service)` as the resource-page section drawn by `template`."""
    return _sections.register(template, order=order)


def sections_for(user: User, service: Service) -> list[Section]:
    """The sections this viewer sees on the resource's page, in their order."""
    shown = []
    for entry in _sections.in_order():
        context = entry.function(user, service)
        if context is not None:
            shown.append(Section(entry.name, context))
    return shown
