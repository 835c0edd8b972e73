"""Schedules (HSDS schedule): weekly on days, monthly on the nth or last weekday, every other
week from the start date, within their valid dates; `next_dates` lists the coming days and
names a national holiday on one. The label reads as a person says it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kasane.resources.models import Occurrence, Schedule, parse_byday

D = dt.date


def _schedule(**values) -> Schedule:
    values.setdefault("freq", "WEEKLY")
    return Schedule(**values)


def test_weekly_on_two_days():
    schedule = _schedule(byday="MO,TH")
    days = [o.day for o in schedule.next_dates(D(2026, 12, 1), 4)]
    assert days == [D(2026, 12, 3), D(2026, 12, 7), D(2026, 12, 10), D(2026, 12, 14)]


def test_monthly_on_the_second_tuesday_and_the_last_friday():
    schedule = _schedule(freq="MONTHLY", byday="2TU,-1FR")
    days = [o.day for o in schedule.next_dates(D(2026, 12, 1), 4)]
    assert days == [D(2026, 12, 8), D(2026, 12, 25), D(2027, 1, 12), D(2027, 1, 29)]
    assert schedule.label == "毎月 第2火曜・最終金曜"


def test_every_other_week_counts_from_the_start():
    schedule = _schedule(byday="WE", interval=2, valid_from=D(2026, 12, 2))
    days = [o.day for o in schedule.next_dates(D(2026, 12, 1), 3)]
    assert days == [D(2026, 12, 2), D(2026, 12, 16), D(2026, 12, 30)]


def test_it_stays_within_the_valid_dates():
    schedule = _schedule(byday="SA", valid_from=D(2026, 12, 10), valid_to=D(2026, 12, 20))
    assert [o.day for o in schedule.next_dates(D(2026, 12, 1), 5)] == [
        D(2026, 12, 12),
        D(2026, 12, 19),
    ]


def test_a_holiday_is_named():
    schedule = _schedule(freq="MONTHLY", byday="2MO")
    assert schedule.next_dates(D(2027, 1, 1), 1) == [Occurrence(D(2027, 1, 11), "成人の日")]


def test_the_label_has_the_hours():
    schedule = _schedule(byday="TU,FR", opens_at=dt.time(13), closes_at=dt.time(18))
    assert schedule.label == "毎週 火・金 13:00〜18:00"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"byday": "MO", "valid_from": D(2026, 5, 1), "valid_to": D(2026, 4, 1)},
            "日程の終了日が開始日より前",
        ),
        (
            {"byday": "MO", "opens_at": dt.time(15), "closes_at": dt.time(13)},
            "終了時刻が開始時刻より前",
        ),
        ({"byday": "XX"}, "曜日「XX」が読めません"),
        ({"byday": ""}, "曜日を選んでください"),
        ({"freq": "MONTHLY", "byday": "7MO"}, "第何週は"),
    ],
)
def test_bad_schedules_are_refused_in_japanese(values, message):
    with pytest.raises(ValidationError, match=message):
        _schedule(**values).clean()


def test_byday_parses_ordinals():
    assert parse_byday("MONTHLY", "2TU,-1FR") == [(2, 1), (-1, 4)]
    assert parse_byday("WEEKLY", "mo, we") == [(0, 0), (0, 2)]
