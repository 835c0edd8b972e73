from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def every_label(every: dt.timedelta) -> str:
    """How often a background job runs, in words: 5秒ごと, 10分ごと, 1日ごと."""
    seconds = int(every.total_seconds())
    for unit, size in (("日", 86400), ("時間", 3600), ("分", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}ごと"
    return f"{seconds}秒ごと"
