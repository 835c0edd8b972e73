"""お知らせ: each user reads and marks only their own notices; what a notice links to is
shown only if the reader may open it now.

A notice is written while its reader may see the record; access can end later (a team left,
a meeting's guest days over). `notice_targets` resolves the links of a page of notices through
the same getters as every page, one query per kind of record, and leaves out what the reader
may no longer open: the list then says only that the record is no longer available.

Chat webhooks and the log of outgoing messages are master data: the admin's, like users and
organisations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.breakglass import break_glass_for_user
from kasane.access.cases import cases_for_user
from kasane.access.intake import (
    consultations_for_user,
    referrals_received_for_user,
    referrals_sent_by_user,
)
from kasane.access.meetings import meetings_for_user
from kasane.access.outreach import outreach_targets_for_user
from kasane.access.restrictions import restricted_people_for_user
from kasane.access.roles import AnyUser, require_role
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.notices.models import ChatWebhook, Delivery, Notice, TargetType


def _signed_in(user: AnyUser) -> User:
    if not user.is_authenticated or not user.is_active:
        raise Http404
    return user


def notices_for_user(user: AnyUser) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=_signed_in(user))


def notice_for_user_rw(user: AnyUser, pk: int) -> Notice:
    return get_object_or_404(notices_for_user(user), pk=pk)


_RECORDS: dict[str, Callable[[AnyUser], QuerySet[Any]]] = {
    TargetType.CONSULTATION: consultations_for_user,
    TargetType.REFERRAL: referrals_received_for_user,
    TargetType.SENT_REFERRAL: referrals_sent_by_user,
    TargetType.CASE: cases_for_user,
    TargetType.MEETING: meetings_for_user,
    TargetType.OUTREACH_TARGET: outreach_targets_for_user,
    TargetType.BREAK_GLASS: break_glass_for_user,
    TargetType.RESTRICTED_PERSON: restricted_people_for_user,
}


def notice_targets(user: AnyUser, notices: Iterable[Notice]) -> dict[tuple[str, int], Any]:
    """The records these notices link to that the user may open now, by (type, id)."""
    wanted: dict[str, set[int]] = {}
    for notice in notices:
        if notice.target_type and notice.target_id is not None:
            wanted.setdefault(notice.target_type, set()).add(notice.target_id)
    found: dict[tuple[str, int], Any] = {}
    for target_type, ids in wanted.items():
        try:
            records = _RECORDS[target_type](user).filter(pk__in=ids)
        except Http404:
            continue
        found.update({(target_type, record.pk): record for record in records})
    return found


def chat_webhooks_for_admin(user: AnyUser) -> QuerySet[ChatWebhook]:
    require_role(user, Role.ADMIN)
    return ChatWebhook.objects.select_related("organization")


def chat_webhook_for_user_rw(user: AnyUser, pk: int) -> ChatWebhook:
    return get_object_or_404(chat_webhooks_for_admin(user), pk=pk)


def deliveries_for_admin(user: AnyUser) -> QuerySet[Delivery]:
    require_role(user, Role.ADMIN)
    return Delivery.objects.select_related("webhook__organization", "recipient")


def delivery_for_user_rw(user: AnyUser, pk: int) -> Delivery:
    return get_object_or_404(deliveries_for_admin(user), pk=pk)
