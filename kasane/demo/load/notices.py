"""The demo's お知らせ. The story is loaded through the services, so the rules have already
written what each step told whom; those notices are the story's history and are marked read,
except the few each named user finds unread on first login (city.NOTICES), which are dated
to the story's time. On a second load the story writes nothing, and nothing changes here:
a user who has read them finds them read."""

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


def load_notices(now: dt.datetime, *, since: dt.datetime) -> None:
    """`since`: when this load began; notices written after it were written by the story."""
    Notice.objects.filter(created_at__gte=since, read_at__isnull=True).update(read_at=now)
    users = {user.username: user for user in User.objects.filter(username__in=city.USERS)}
    for username, kind, text, about, hours_ago in city.NOTICES:
        target = {"target_type": about[0], "target_id": _record(about).pk}
        mine = Notice.objects.filter(recipient=users[username], kind=kind, **target)
        written = mine.order_by("-pk").first()
        if written is None:
            Notice.objects.create(
                recipient=users[username],
                kind=kind,
                text=text,
                created_at=now - dt.timedelta(hours=hours_ago),
                **target,
            )
        elif written.created_at >= since:
            written.read_at = None
            written.created_at = now - dt.timedelta(hours=hours_ago)
            written.save(update_fields=["read_at", "created_at"])
