"""Writing area profiles and figures: a profile save adds a version (`profile_save`), an
area's figures for a year are entered by hand (`figures_save`). Only the keepers of the area
(`access.keeps_area`); each write audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from kasane.access.community import keeps_area
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.community.models import AreaFigures, AreaProfile, FiguresSource
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.core.japanese import fiscal_year
from kasane.organizations.models import Area

PROFILE_FIELDS = ("strengths", "issues", "vision", "vision_agreed_on", "vision_agreed_at")
FIGURE_FIELDS = (
    "population",
    "aged_65",
    "aged_75",
    "households",
    "single_elderly_households",
    "children",
)
# The version an edit form carries when the area has no profile yet.
NO_PROFILE_VERSION = "1970-01-01T00:00:00+00:00"
UNCHANGED = "変更はありません。"
FIRST_YEAR = 1990  # statistics older than this are not kept


def _keeper(actor: User, area: Area) -> None:
    if not keeps_area(actor, area):
        raise Http404


def profile_version(current: AreaProfile | None) -> str:
    """What an edit form carries to detect a newer save: the current version's time."""
    return current.written_at.isoformat() if current is not None else NO_PROFILE_VERSION


def _current(area: Area) -> AreaProfile | None:
    return AreaProfile.objects.filter(area=area).order_by("-written_at", "-pk").first()


def _check_profile(values: dict[str, Any]) -> None:
    agreed_on = values.get("vision_agreed_on")
    if (agreed_on or values.get("vision_agreed_at")) and not values.get("vision"):
        raise DomainError("合意日・合意した場を入れるときは、地域ビジョンも入力してください。")
    if agreed_on is not None and agreed_on > timezone.localdate():
        raise DomainError("ビジョンの合意日が未来の日付です。")


def profile_save(*, actor: User, area: Area, loaded_at: str, **values: Any) -> AreaProfile | None:
    """Add a version of the area's profile, when its text differs from the current one
    (None when nothing changed). Refused (`StaleEdit`) when someone saved a version after
    the form was opened (`loaded_at`, see `profile_version`): nothing is overwritten silently."""
    _keeper(actor, area)
    _check_profile(values)
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=area.pk).first()  # one save at a time
        current = _current(area)
        check_version(profile_version(current), loaded_at)
        changes = [name for name in PROFILE_FIELDS if _value(current, name) != values[name]]
        if not changes:
            return None
        profile = AreaProfile.objects.create(
            area=area, written_by=actor, **{name: values[name] for name in PROFILE_FIELDS}
        )
        audit_record(
            actor=actor,
            action="community.profile_save",
            target=profile,
            details={"area": area.name, "fields": changes},
        )
    return profile


def _value(current: AreaProfile | None, name: str) -> Any:
    if current is None:
        return None if name == "vision_agreed_on" else ""
    return getattr(current, name)


# --- Figures ---


def check_figures(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for figures that cannot be true together. Used by the form and by
    the CSV import alike."""
    errors = []
    if values["aged_65"] > values["population"]:
        errors.append(("aged_65", "65歳以上の人口が人口より多くなっています。"))
    if values["aged_75"] > values["aged_65"]:
        errors.append(("aged_75", "75歳以上の人口が65歳以上の人口より多くなっています。"))
    if values["children"] + values["aged_65"] > values["population"]:
        errors.append(("children", "18歳未満と65歳以上の人口の合計が人口より多くなっています。"))
    if values["single_elderly_households"] > values["households"]:
        errors.append(
            ("single_elderly_households", "高齢者単身世帯数が世帯数より多くなっています。")
        )
    return errors


def check_year(year: int) -> str:
    """The message for a 年度 outside the years kept (from 1990 to next year), else ""."""
    last = fiscal_year(timezone.localdate()) + 1
    if not FIRST_YEAR <= year <= last:
        return f"年度は{FIRST_YEAR}年度から{last}年度までで入力してください。"
    return ""


def figures_save(
    *, actor: User, area: Area, year: int, as_of: dt.date | None = None, **values: int
) -> AreaFigures:
    """The area's figures for a year, entered by hand: a new row, or the year's row replaced
    (the page asks to confirm first). Only the keepers of the area."""
    _keeper(actor, area)
    if message := check_year(year):
        raise DomainError(message)
    errors = check_figures(values)
    if errors:
        raise DomainError(errors[0][1])
    with transaction.atomic():
        row = AreaFigures.objects.select_for_update().filter(area=area, year=year).first()
        created = row is None
        if row is None:
            row = AreaFigures(area=area, year=year, entered_by=actor)
        changes = apply_changes(row, (*FIGURE_FIELDS, "as_of"), {**values, "as_of": as_of})
        if not created and not changes:
            return row
        row.entered_by = actor
        row.source = FiguresSource.MANUAL
        row.save()
        audit_record(
            actor=actor,
            action="community.figures_save",
            target=row,
            details={
                "area": area.name,
                "year": year,
                "replaced": not created,
                "fields": changed_fields(changes),
            },
        )
    return row


def figures_for(area: Area, year: int) -> AreaFigures | None:
    return AreaFigures.objects.filter(area=area, year=year).first()
