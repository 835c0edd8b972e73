"""Intake: consultations and referrals.

A consultation is visible to the case-work staff of its receiving organisation and to
coordinators. A referral's content is visible to the staff of the receiving organisation and
to coordinators; its sender sees only its status (a referrer, a community worker: the sheets
they sent themselves; case-work staff: what their organisation sent). Everyone else, admins
included, gets 404.
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.people import person_scope
from kasane.access.roles import (
    CASE_WORK_ROLES,
    SHEET_SENDER_ROLES,
    AnyUser,
    does_case_work,
    has_role,
)
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.intake.models import Consultation, Referral, ReferralKind, ReferralStatus


def consultations_for_user(user: AnyUser) -> QuerySet[Consultation]:
    scope = person_scope(user)
    consultations = Consultation.objects.select_related(
        "organization", "worker", "person", "household", "acknowledged_by"
    )
    return consultations if scope is None else consultations.filter(organization_id=scope)


def consultation_for_user(user: AnyUser, pk: int) -> Consultation:
    return get_object_or_404(consultations_for_user(user), pk=pk)


def consultation_for_user_rw(user: AnyUser, pk: int) -> Consultation:
    consultation = consultation_for_user(user, pk)
    if not may_record_consultation(user):
        raise Http404
    return consultation


def may_record_consultation(user: AnyUser) -> bool:
    """Coordinators and case-work staff receive consultations."""
    return does_case_work(user) and user.organization_id is not None


def referrals_received_for_user(user: AnyUser) -> QuerySet[Referral]:
    """Referrals whose content this user may read."""
    scope = person_scope(user)
    referrals = Referral.objects.select_related(
        "sender_organization",
        "sender",
        "receiver_organization",
        "person",
        "acknowledged_by",
        "source_consultation__person",
    )
    return referrals if scope is None else referrals.filter(receiver_organization_id=scope)


def referral_for_user(user: AnyUser, pk: int) -> Referral:
    return get_object_or_404(referrals_received_for_user(user), pk=pk)


def may_act_on_referral(user: AnyUser, referral: Referral) -> bool:
    """受理, 対応中, 完了, 差戻し, linking: the receiving organisation's staff and coordinators."""
    return has_role(user, Role.COORDINATOR) or (
        has_role(user, *CASE_WORK_ROLES)
        and referral.receiver_organization_id == user.organization_id
    )


def referral_for_user_rw(user: AnyUser, pk: int) -> Referral:
    """Acting on a referral (受理, 差戻し, 完了…) is for its receiving organisation's staff and
    coordinators."""
    referral = referral_for_user(user, pk)
    if not may_act_on_referral(user, referral):
        raise Http404
    return referral


def may_send_sheet(user: AnyUser) -> TypeGuard[User]:
    return has_role(user, *SHEET_SENDER_ROLES) and user.organization_id is not None


def referrals_sent_by_user(user: AnyUser) -> QuerySet[Referral]:
    """What the sender may follow: status and outcome only (the views show nothing else)."""
    if not may_send_sheet(user):
        raise Http404
    referrals = Referral.objects.select_related("receiver_organization")
    if does_case_work(user):
        return referrals.filter(sender_organization_id=user.organization_id)
    return referrals.filter(sender=user)


def may_withdraw_referral(user: AnyUser, referral: Referral) -> bool:
    """Only the one who sent a つなぐシート takes it back (取り下げ), and only before 受理."""
    return (
        referral.sender_id == user.pk
        and referral.kind == ReferralKind.SHEET
        and referral.status == ReferralStatus.SENT
    )


def sent_sheet_for_user_rw(user: AnyUser, pk: int) -> Referral:
    """A つなぐシート the user sent themselves, to withdraw; 404 for anyone else's."""
    return get_object_or_404(
        referrals_sent_by_user(user).filter(sender_id=user.pk, kind=ReferralKind.SHEET), pk=pk
    )
