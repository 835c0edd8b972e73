"""Reads for 緊急時の閲覧: whom a request names, and the lists."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.breakglass.models import BreakGlass
from kasane.core.errors import DomainError
from kasane.core.japanese import name_key
from kasane.people.models import Person

MINE_ORDER = ("-requested_at", "-pk")
# Unreviewed first, then the newest: on the `breakglass_queue` index.
QUEUE_ORDER = ("is_reviewed", "-requested_at", "-pk")


def person_to_open(user: User, *, name: str, birth_date: dt.date) -> Person:
    """The one person of another agency whose full name (or フリガナ) and birth date are these.
    The user cannot see other agencies' people, so the request names them as a search would;
    it must name exactly one (a near match opens nobody)."""
    key = name_key(name)
    found = list(
        access.people_beyond_reach(user)
        .filter(Q(name_key=key) | Q(kana_key=key), birth_date=birth_date)
        .order_by("pk")[:2]
    )
    if not found:
        raise DomainError(
            "この氏名と生年月日の方は、ほかの支援関係機関の記録に見つかりません。"
            "氏名（またはフリガナ）を姓名とも正しく、生年月日とあわせて入力してください。"
            "ご自分の機関の方は、本人・世帯の検索から開けます。"
        )
    if len(found) > 1:
        raise DomainError(
            "この氏名と生年月日に当てはまる方が一人に絞れません。"
            "コーディネーター（重層的支援推進課）にお尋ねください。"
        )
    return found[0]


def audit_search_url(use: BreakGlass) -> str:
    """The auditor's search for what the user did while the use lasted (whole days)."""
    end = min(use.expires_at, max(timezone.now(), use.requested_at))
    query = {
        "user": use.user.username,
        "date_from": timezone.localdate(use.requested_at).isoformat(),
        "date_to": timezone.localdate(end).isoformat(),
    }
    return f"{reverse('audit:search')}?{urlencode(query)}"
