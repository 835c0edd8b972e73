"""Where things sit in the story: the demo happened over the last weeks and months, counted
from the day of loading, on business days. Shared by the loaders of every domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.core.japanese import is_business_day
from kasane.demo import city
from kasane.people.models import Household, Person


class Story:
    """Days of the story, counted from the day of loading."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def ahead(self, days: int | None) -> dt.date | None:
        return None if days is None else self.today + dt.timedelta(days=days)

    def at(self, day: dt.date, time: str) -> dt.datetime:
        return time_on(day, time, self.now)


def business_days_before(day: dt.date, days: int) -> dt.date:
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not is_business_day(day):
            day -= dt.timedelta(days=1)
    return day


def time_on(day: dt.date, time: str, now: dt.datetime) -> dt.datetime:
    """`time` on `day`, but never after now (a long holiday can bring a step close to now)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time)))
    return min(at, now - dt.timedelta(minutes=1))


def named_member(household_name: str, full_name: str) -> tuple[Household, Person]:
    """A person of a named household (generated households may share the name)."""
    household = Household.objects.get(name=household_name, created_by__isnull=False)
    member = next(
        member
        for member in household.members.select_related("person")
        if member.person.full_name == full_name
    )
    return household, member.person


def meeting_spec(title: str) -> dict[str, Any]:
    return next(spec for spec in city.MEETINGS if spec["title"] == title)


def meeting_day(when: dict[str, Any], today: dt.date) -> dt.date:
    """The business day of a named meeting (see city.MEETINGS), or a generated one's (`on`)."""
    step = dt.timedelta(days=-1)
    if "on" in when:
        return when["on"]
    if "days_ahead" in when:
        day, step = today + dt.timedelta(days=when["days_ahead"]), dt.timedelta(days=1)
    elif "before_month_start" in when:
        day = today.replace(day=1) - dt.timedelta(days=when["before_month_start"])
    else:
        day = today - dt.timedelta(days=when["days_ago"])
    while not is_business_day(day):
        day += step
    return day
