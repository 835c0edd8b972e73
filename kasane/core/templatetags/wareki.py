"""Template filters for Japanese dates and durations; installed as builtins, so no {% load %}
is needed."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from kasane.core import japanese

register = template.Library()


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def wareki(value: dt.date | dt.datetime | None) -> str:
    """令和7年4月1日"""
    return japanese.wareki(_local_date(value)) if value else ""


@register.filter
def wareki_datetime(value: dt.datetime | None) -> str:
    """令和7年4月1日 14:05"""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{japanese.wareki(local.date())} {local:%H:%M}"


@register.filter
def fiscal_year_label(value: int | None) -> str:
    """令和7年度 for 2025 (a fiscal year stored as the year it starts in)."""
    return japanese.fiscal_year_label(value) if value else ""


@register.filter
def wareki_with_seireki(value: dt.date | None) -> str:
    """令和7年(2025年)4月1日"""
    return japanese.wareki_with_seireki(value) if value else ""


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """30分, 1時間30分, 2時間 (a lockout's length, as people say it)."""
    if value is None:
        return ""
    minutes = max(0, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}時間{minutes}分"
    return f"{hours}時間" if hours else f"{minutes}分"
