"""Loads the demo's unread お知らせ (city.NOTICES), once each: a user who has read them finds
them read after the next load."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.demo import city
from kasane.intake.models import Consultation, Referral
from kasane.meetings.models import Meeting
from kasane.notices.models import Notice


def _record(about: tuple[str, str]) -> Model:
    kind, name = about
    if kind == "case":
        return Case.objects.filter(household__name=name).earliest("pk")
    if kind == "meeting":
        return Meeting.objects.get(title=name)
    if kind == "consultation":
        return Consultation.objects.filter(household__name=name, is_urgent=True).latest("pk")
    return Referral.objects.filter(subject_name=name).earliest("pk")


def load_notices(now: dt.datetime) -> None:
    users = {user.username: user for user in User.objects.filter(username__in=city.USERS)}
    for number, (username, kind, text, about, hours_ago) in enumerate(city.NOTICES, start=1):
        record = _record(about)
        Notice.objects.get_or_create(
            recipient=users[username],
            once_key=f"demo:{number}",
            defaults={
                "kind": kind,
                "text": text,
                "target_type": about[0],
                "target_id": record.pk,
                "created_at": now - dt.timedelta(hours=hours_ago),
            },
        )
