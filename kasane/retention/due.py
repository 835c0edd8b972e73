"""What has passed its retention period (保存期間): one queryset per kind, read by the due list,
the proposal and, again, the disposal (a record no longer due stops its batch).

The periods are settings (`KASANE_RETENTION_*`, docs/operations.md) counted from:
- **支援ケース**: its 終了日 (終結, 中断 or 対象外); its participation records (wishes, matches,
  follow-ups) go with it.
- **相談受付**: its 受付日時, once nothing it led to is kept: no case, no つなぎ sent on and no
  outreach target from it that is not disposed (a consultation that led to a case is disposed
  after that case).
- **つなぎ**: its 完了・差戻し・取り下げ日時 (つなぐシート after the sheet period, other kinds after
  the referral period), once no case, consultation or outreach target from it is kept.
- **アウトリーチ対象**: its 終了日, once the case opened from it (if any) is disposed.

Each reads an index on the date it starts from (partial indexes of the ended records) and asks,
per candidate, one index probe per related table; a record already in a batch that holds it
(proposed, approved, disposed) is left out.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from kasane.cases.models import ENDED_STATUSES, Case, CaseReferral, CaseTeamMember, TeamRole
from kasane.core.japanese import add_months
from kasane.intake.models import (
    CLOSED_REFERRAL_STATUSES,
    Consultation,
    Referral,
    ReferralKind,
)
from kasane.outreach.models import OutreachAssignment, OutreachTarget, Stage
from kasane.retention.models import DisposalItem, Kind

# Each kind's date its period starts from, and the list's order (oldest first).
ORDERING: dict[str, tuple[str, str]] = {
    Kind.CASE: ("ended_on", "pk"),
    Kind.CONSULTATION: ("received_at", "pk"),
    Kind.REFERRAL: ("closed_at", "pk"),
    Kind.OUTREACH: ("closed_on", "pk"),
}


def cutoff(years: int, today: dt.date) -> dt.date:
    """A record whose period started before this day is due."""
    return add_months(today, -12 * years)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(settings.TIME_ZONE))


def disposed(kind: str, ref: str = "pk") -> Exists:
    """Whether the record (`ref` of the outer query) has been disposed."""
    return Exists(
        DisposalItem.objects.filter(kind=kind, object_id=OuterRef(ref), disposed_at__isnull=False)
    )


def _taken(kind: str, batch_id: int | None) -> Exists:
    """Whether the record is in a batch that holds it (proposed, approved or disposed), other
    than `batch_id` (the batch being disposed asks whether its records are still due)."""
    items = DisposalItem.objects.filter(kind=kind, object_id=OuterRef("pk"), active=True)
    return Exists(items.exclude(batch_id=batch_id) if batch_id else items)


def _kept_cases(**link: object) -> Exists:
    return Exists(Case.objects.filter(**link).filter(~disposed(Kind.CASE)))


def _kept_consultations(**link: object) -> Exists:
    return Exists(Consultation.objects.filter(**link).filter(~disposed(Kind.CONSULTATION)))


def _kept_referrals(**link: object) -> Exists:
    return Exists(Referral.objects.filter(**link).filter(~disposed(Kind.REFERRAL)))


def _kept_targets(**link: object) -> Exists:
    return Exists(OutreachTarget.objects.filter(**link).filter(~disposed(Kind.OUTREACH)))


def _lead_organization() -> Subquery:
    """The case's lead organisation (the current one, else the last)."""
    leads = CaseTeamMember.objects.filter(case=OuterRef("pk"), role=TeamRole.LEAD).order_by(
        F("left_on").desc(nulls_first=True), "-pk"
    )
    return Subquery(leads.values("organization_id")[:1])


def _first_assignment() -> Subquery:
    assigned = OutreachAssignment.objects.filter(target=OuterRef("pk")).order_by("joined_on", "pk")
    return Subquery(assigned.values("organization_id")[:1])


def due_cases(today: dt.date, batch_id: int | None = None) -> QuerySet[Case]:
    limit = cutoff(settings.KASANE_RETENTION_CASE_YEARS, today)
    return (
        Case.objects.filter(status__in=ENDED_STATUSES, ended_on__lt=limit)
        .filter(~_taken(Kind.CASE, batch_id))
        .annotate(organization_id=_lead_organization())
    )


def due_consultations(today: dt.date, batch_id: int | None = None) -> QuerySet[Consultation]:
    limit = _start_of(cutoff(settings.KASANE_RETENTION_CONSULTATION_YEARS, today))
    pk = OuterRef("pk")
    return Consultation.objects.filter(received_at__lt=limit).filter(
        ~_taken(Kind.CONSULTATION, batch_id),
        ~_kept_cases(consultation=pk),
        ~_kept_referrals(source_consultation=pk),
        ~_kept_targets(consultation=pk),
    )


def due_referrals(today: dt.date, batch_id: int | None = None) -> QuerySet[Referral]:
    sheets = _start_of(cutoff(settings.KASANE_RETENTION_SHEET_YEARS, today))
    others = _start_of(cutoff(settings.KASANE_RETENTION_REFERRAL_YEARS, today))
    pk = OuterRef("pk")
    attached = Exists(
        CaseReferral.objects.filter(referral=pk).filter(~disposed(Kind.CASE, "case_id"))
    )
    return (
        Referral.objects.filter(
            status__in=CLOSED_REFERRAL_STATUSES, closed_at__lt=max(sheets, others)
        )
        .filter(
            Q(kind=ReferralKind.SHEET, closed_at__lt=sheets)
            | (~Q(kind=ReferralKind.SHEET) & Q(closed_at__lt=others))
        )
        .filter(
            ~_taken(Kind.REFERRAL, batch_id),
            ~_kept_cases(referral=pk),
            ~attached,
            ~_kept_consultations(referral=pk),
            ~_kept_targets(referral=pk),
        )
        .annotate(organization_id=F("receiver_organization_id"))
    )


def due_targets(today: dt.date, batch_id: int | None = None) -> QuerySet[OutreachTarget]:
    limit = cutoff(settings.KASANE_RETENTION_OUTREACH_YEARS, today)
    return (
        OutreachTarget.objects.filter(stage=Stage.CLOSED, closed_on__lt=limit)
        .filter(Q(case__isnull=True) | disposed(Kind.CASE, "case_id"))
        .filter(~_taken(Kind.OUTREACH, batch_id))
        .annotate(organization_id=_first_assignment())
    )


def due(kind: str, today: dt.date, batch_id: int | None = None) -> QuerySet:
    """The records of one kind that are due today and in no batch that holds them (but
    `batch_id`)."""
    return {
        Kind.CASE: due_cases,
        Kind.CONSULTATION: due_consultations,
        Kind.REFERRAL: due_referrals,
        Kind.OUTREACH: due_targets,
    }[Kind(kind)](today, batch_id)
