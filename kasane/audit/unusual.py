"""週次の不審なアクセス: the auditor's weekly list of unusual access (issue 19).

For one week (Monday to Sunday in Japan time), per user name, the audit rows of five
categories, counted by the database in one aggregate over the week:

- `views`: personal records opened (本人・世帯・ケース・相談受付); flagged when the user opened
  at least `KASANE_UNUSUAL_VIEWS_MIN` and more than `KASANE_UNUSUAL_VIEWS_FACTOR` times the
  median of the users holding the same roles who opened any that week;
- `off_hours`: those views, and the unmasked ones, before `KASANE_WORK_START_HOUR`, from
  `KASANE_WORK_END_HOUR`, on weekends and on 祝日 (jpholiday);
- `restricted`: views of a restricted person's or household's address (閲覧制限);
- `failed_logins`: failed logins and lockouts of that user name, flagged from
  `KASANE_UNUSUAL_FAILED_LOGINS`;
- `breakglass`: break-glass requests (緊急時の閲覧).

Any off-hours, restricted or break-glass row flags the user: the auditor looks at each.

Working hours become time ranges computed here (at most one per night and one per day off),
so the database compares `at` with plain timestamps: the query reads the week's rows of these
actions from the (action, -at) index, on SQLite and PostgreSQL alike, without time-zone
functions. The same ranges filter the audit search (`category_filter`), so every count links
to exactly its rows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import jpholiday
from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from kasane.audit.models import AuditEvent

PERSONAL_VIEWS = ("person.view", "household.view", "case.view", "consultation.view")
RESTRICTED_VIEWS = ("person.view_unmasked", "household.view_unmasked")
FAILED_LOGINS = ("auth.login_failed", "auth.locked_out")
# Added by the break-glass work of issue 19; counted by its name whether or not it is listed.
BREAK_GLASS = ("breakglass.request",)

CATEGORIES: dict[str, str] = {
    "views": "個人の記録の閲覧",
    "off_hours": "勤務時間外の閲覧",
    "restricted": "閲覧制限中の住所の閲覧",
    "failed_logins": "ログイン失敗・ロック",
    "breakglass": "緊急時の閲覧",
}
_ACTIONS = {
    "views": PERSONAL_VIEWS,
    "off_hours": PERSONAL_VIEWS + RESTRICTED_VIEWS,
    "restricted": RESTRICTED_VIEWS,
    "failed_logins": FAILED_LOGINS,
    "breakglass": BREAK_GLASS,
}


def week_starting(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday–Sunday week that holds `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def last_full_week(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return week_starting(today - dt.timedelta(days=7))


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    """The start of `hour` on `day` in Japan time (hour 24 is the next midnight)."""
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return midnight + dt.timedelta(hours=hour)


def is_day_off(day: dt.date) -> bool:
    return day.weekday() >= 5 or jpholiday.is_holiday(day)


def off_hours_spans(first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The [start, end) ranges outside working hours from `first` to `last` (whole days),
    adjacent ranges merged: a weekday evening runs into the next morning or weekend."""
    start_hour = settings.KASANE_WORK_START_HOUR
    end_hour = settings.KASANE_WORK_END_HOUR
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    day = first
    while day <= last:
        if is_day_off(day):
            pieces = [(_at(day), _at(day, 24))]
        else:
            pieces = [(_at(day), _at(day, start_hour)), (_at(day, end_hour), _at(day, 24))]
        for start, end in pieces:
            if start == end:
                continue
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        day += dt.timedelta(days=1)
    return spans


def _in_spans(spans: list[tuple[dt.datetime, dt.datetime]]) -> Q:
    condition = Q(pk__in=[])
    for start, end in spans:
        condition |= Q(at__gte=start, at__lt=end)
    return condition


def category_filter(category: str, first: dt.date, last: dt.date) -> Q:
    """The rows of `category` within the days `first`..`last` (the audit search's filter)."""
    condition = Q(action__in=_ACTIONS[category])
    if category == "off_hours":
        condition &= _in_spans(off_hours_spans(first, last))
    return condition


@dataclass
class UserWeek:
    """One user name's counts in the week, and which of them are flagged."""

    username: str
    roles: str
    views: int = 0
    off_hours: int = 0
    restricted: int = 0
    failed_logins: int = 0
    breakglass: int = 0
    median_views: float = 0.0
    flags: set[str] = field(default_factory=set)

    def count(self, category: str) -> int:
        return int(getattr(self, category))


@dataclass(frozen=True)
class UnusualAccess:
    first: dt.date
    last: dt.date
    users: list[UserWeek]  # the flagged users, most flags first
    totals: dict[str, int]  # every user's rows of each category in the week


def _counts(first: dt.date, last: dt.date) -> list[UserWeek]:
    """One aggregate query over the week's rows of the five categories, by user name."""
    every = {action for actions in _ACTIONS.values() for action in actions}
    rows = (
        AuditEvent.objects.filter(at__gte=_at(first), at__lt=_at(last, 24), action__in=every)
        .values("actor_username")
        .annotate(
            roles_seen=Max("roles"),
            **{
                category: Count("pk", filter=category_filter(category, first, last))
                for category in CATEGORIES
            },
        )
        .order_by()
    )
    found: list[dict[str, Any]] = [dict(row) for row in rows]
    return [
        UserWeek(
            username=row["actor_username"],
            roles=row["roles_seen"],
            **{category: row[category] for category in CATEGORIES},
        )
        for row in found
    ]


def _flag(users: list[UserWeek]) -> None:
    by_roles: dict[str, list[int]] = defaultdict(list)
    for user in users:
        if user.views:
            by_roles[user.roles].append(user.views)
    factor = settings.KASANE_UNUSUAL_VIEWS_FACTOR
    for user in users:
        user.median_views = statistics.median(by_roles[user.roles]) if user.views else 0.0
        if user.views >= settings.KASANE_UNUSUAL_VIEWS_MIN and (
            user.views > factor * user.median_views
        ):
            user.flags.add("views")
        if user.failed_logins >= settings.KASANE_UNUSUAL_FAILED_LOGINS:
            user.flags.add("failed_logins")
        user.flags |= {
            category
            for category in ("off_hours", "restricted", "breakglass")
            if user.count(category)
        }


def unusual_access(first: dt.date, last: dt.date) -> UnusualAccess:
    """The flagged users of the days `first`..`last` (a week) and the week's totals."""
    users = _counts(first, last)
    _flag(users)
    totals = {category: sum(user.count(category) for user in users) for category in CATEGORIES}
    flagged = [user for user in users if user.flags]
    flagged.sort(key=lambda user: (-len(user.flags), -user.views, user.username))
    return UnusualAccess(first=first, last=last, users=flagged, totals=totals)
