"""Reading consultations and referrals: the lists with their filters, the inbox with what is
overdue, and what the home page shows. Records come from `kasane.access`; these only narrow
and order them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import BooleanField, Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import criteria_used
from kasane.core.japanese import add_business_days
from kasane.core.pagination import CappedCount, capped_count
from kasane.intake.models import (
    CLOSED_REFERRAL_STATUSES,
    Consultation,
    ConsultationIssue,
    Referral,
    ReferralStatus,
)

HOME_LIMIT = 10
# The lists' orders, which their keyset pages follow (the last key unique).
CONSULTATION_ORDER = ("-received_at", "-pk")
HISTORY_ORDER = ("-sent_at", "-pk")
INBOX_ORDER = ("waiting", "-is_overdue", "-urgency", "-sent_at", "-pk")


class Overdue(TypedDict):
    is_overdue: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A referral annotated by `with_overdue` (django-stubs-ext is a development dependency).
    OverdueReferral = WithAnnotations[Referral, Overdue]


def overdue_cutoff(today: dt.date, days: int | None = None) -> dt.datetime:
    """A referral sent before this moment and still not acknowledged is overdue: it was due by
    the end of the `days`-th business day after the day it was sent (that day not counted,
    holidays and the 年末年始 closure skipped)."""
    days = settings.KASANE_ACK_BUSINESS_DAYS if days is None else days
    earliest = today
    while add_business_days(earliest - dt.timedelta(days=1), days) >= today:
        earliest -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(earliest, dt.time.min))


def with_overdue(referrals: QuerySet[Referral]) -> QuerySet[OverdueReferral]:
    cutoff = overdue_cutoff(timezone.localdate())
    return referrals.annotate(
        is_overdue=Case(
            When(status=ReferralStatus.SENT, sent_at__lt=cutoff, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def ack_due_date(referral: Referral) -> dt.date:
    return add_business_days(
        timezone.localdate(referral.sent_at), settings.KASANE_ACK_BUSINESS_DAYS
    )


# --- Consultations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    route: str = ""
    outcome: str = ""
    urgent_only: bool = False
    issue: Any = None
    organization: Any = None

    def for_audit(self) -> dict[str, Any]:
        """Which filters were used, not their values (a name typed is personal data)."""
        return {"criteria": criteria_used(self.__dict__)}


def consultation_list(user: User, filters: ConsultationFilters) -> QuerySet[Consultation]:
    consultations = access.consultations_for_user(user).prefetch_related(
        Prefetch(
            "issues",
            queryset=ConsultationIssue.objects.select_related("code"),
        )
    )
    if filters.date_from:
        consultations = consultations.filter(received_at__date__gte=filters.date_from)
    if filters.date_to:
        consultations = consultations.filter(received_at__date__lte=filters.date_to)
    if filters.route:
        consultations = consultations.filter(route=filters.route)
    if filters.outcome:
        consultations = consultations.filter(outcome=filters.outcome)
    if filters.urgent_only:
        consultations = consultations.filter(is_urgent=True)
    if filters.issue:
        consultations = consultations.filter(issues__code=filters.issue)
    if filters.organization:
        consultations = consultations.filter(organization=filters.organization)
    return consultations.order_by(*CONSULTATION_ORDER)


def urgent_awaiting(user: User) -> QuerySet[Consultation]:
    """Urgent consultations nobody has acknowledged yet: the receiving organisation's for its
    staff, all of them for coordinators."""
    if not access.does_case_work(user):
        return Consultation.objects.none()
    return (
        access.consultations_for_user(user)
        .filter(is_urgent=True, acknowledged_at__isnull=True)
        .order_by("received_at", "pk")
    )


# --- Referrals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    kind: str = ""
    overdue_only: bool = False
    all_receivers: bool = False

    def for_audit(self) -> dict[str, Any]:
        """Which filters were used, not their values (a name typed is personal data)."""
        return {"criteria": criteria_used(self.__dict__)}


def inbox(user: User, filters: InboxFilters) -> QuerySet[OverdueReferral]:
    """Referrals received by the user's organisation (coordinators may widen it to
    every receiver). Open ones put those awaiting 受理 first (overdue, then urgent, then newest);
    any other view is history, newest first."""
    referrals = with_overdue(access.referrals_received_for_user(user))
    if not (filters.all_receivers and access.oversees(user)):
        referrals = referrals.filter(receiver_organization_id=user.organization_id)
    if filters.status == "open":
        referrals = referrals.exclude(status__in=CLOSED_REFERRAL_STATUSES)
    elif filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.kind:
        referrals = referrals.filter(kind=filters.kind)
    if filters.overdue_only:
        referrals = referrals.filter(is_overdue=True)
    if inbox_order(filters) == HISTORY_ORDER:
        return referrals.order_by(*HISTORY_ORDER)
    return referrals.annotate(
        waiting=Case(
            When(status=ReferralStatus.SENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by(*INBOX_ORDER)


def inbox_order(filters: InboxFilters) -> tuple[str, ...]:
    """Open referrals put those awaiting 受理 first; any other view is history, newest first."""
    return INBOX_ORDER if filters.status in ("open", ReferralStatus.SENT) else HISTORY_ORDER


def awaiting_acknowledgement(user: User) -> QuerySet[OverdueReferral]:
    """Referrals to the user's organisation not yet acknowledged, overdue and urgent ones
    first: what the home page shows to those who act on them."""
    if not access.does_case_work(user):
        return with_overdue(Referral.objects.none())
    return (
        with_overdue(access.referrals_received_for_user(user))
        .filter(receiver_organization_id=user.organization_id, status=ReferralStatus.SENT)
        .order_by("-is_overdue", "-urgency", "sent_at", "pk")
    )


def sent_referrals(user: User, *, status: str = "") -> QuerySet[Referral]:
    referrals = access.referrals_sent_by_user(user)
    if status == "open":
        referrals = referrals.exclude(status__in=CLOSED_REFERRAL_STATUSES)
    elif status:
        referrals = referrals.filter(status=status)
    return referrals.order_by(*HISTORY_ORDER)


def unacknowledged_counts(user: User) -> dict[str, CappedCount]:
    """Counted up to a cap: a coordinator's view spans every receiver, years of referrals."""
    waiting = awaiting_acknowledgement(user)
    return {
        "waiting": capped_count(waiting),
        "overdue": capped_count(waiting.filter(is_overdue=True)),
    }


def sender_counts(user: User) -> dict[str, CappedCount]:
    """Counted up to a cap: an organisation's sheets add up over the years."""
    sent = access.referrals_sent_by_user(user)
    return {
        "open": capped_count(sent.exclude(status__in=CLOSED_REFERRAL_STATUSES)),
        "returned": capped_count(sent.filter(status=ReferralStatus.RETURNED)),
    }
