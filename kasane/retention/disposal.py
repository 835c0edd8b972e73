"""Removing the personal content of disposed records (廃棄), one function per kind, each a
fixed number of UPDATEs whatever the number of records.

What goes: names, contact details, birth dates and every free text (主訴, 概要, notes, the
assessment, the plan's goals and items, evaluations, minutes' briefings and summaries of the
record, participation wishes and notes, contact attempts). What stays: the rows themselves
and what the plan's indicators and the state's reports count — dates, kinds, statuses (and a
closed case's 終結の理由: a code, not free text), areas (`area`, `area_code`), programmes,
routes, urgency, issue categories, team organisations, stage histories without their reasons,
sex, nationality, 要介護度, 手帳, 生活保護. The main text
of each record says 「保存期間の経過により廃棄済み」, so every page, printout and export that
shows it says so instead of the content. There are no attachments in Kasane.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from kasane.cases.models import (
    Assessment,
    AssessmentEntry,
    Case,
    CaseNote,
    CaseTransition,
    Evaluation,
    EvaluationItem,
    PlanItem,
    SupportPlan,
)
from kasane.intake.models import Consultation, Referral, ReferralEvent
from kasane.meetings.models import AgendaItem, Decision
from kasane.outreach.models import ContactAttempt, OutreachReview, OutreachTarget
from kasane.participation.models import (
    FollowUp,
    Match,
    MatchTransition,
    ParticipationProfile,
)
from kasane.people.models import (
    Consent,
    ConsentRefusal,
    Household,
    HouseholdMember,
    NameGram,
    Person,
    PersonEvent,
    RestrictionGrant,
    SamePersonLink,
)
from kasane.retention.models import DISPOSED, DISPOSED_NAME, Kind


def _agenda(items: QuerySet[AgendaItem]) -> None:
    items.update(briefing=DISPOSED, discussion="", updated_at=timezone.now())
    Decision.objects.filter(item__in=items).update(task="", reason="")


def blank_cases(ids: list[int]) -> None:
    now = timezone.now()
    Case.objects.filter(pk__in=ids).update(summary=DISPOSED, not_eligible_reason="", updated_at=now)
    CaseTransition.objects.filter(case__in=ids).update(reason="")
    Assessment.objects.filter(case__in=ids).update(household_view=DISPOSED, worker_view="")
    AssessmentEntry.objects.filter(assessment__case__in=ids).update(
        wishes="", strengths="", risks="", notes=""
    )
    SupportPlan.objects.filter(case__in=ids).update(goal=DISPOSED, direction="", updated_at=now)
    PlanItem.objects.filter(plan__case__in=ids).update(issue=DISPOSED, support="", frequency="")
    CaseNote.objects.filter(case__in=ids).update(content=DISPOSED, next_action="")
    Evaluation.objects.filter(case__in=ids).update(changes="", reason=DISPOSED)
    EvaluationItem.objects.filter(evaluation__case__in=ids).update(comment="")
    ParticipationProfile.objects.filter(case__in=ids).update(
        wishes="", times="", transport="", health="", money=""
    )
    matches = Match.objects.filter(case__in=ids)
    MatchTransition.objects.filter(match__in=matches).update(reason="")
    FollowUp.objects.filter(match__in=matches).update(note="")
    matches.update(contact_name="", notes="", updated_at=now)
    _agenda(AgendaItem.objects.filter(case__in=ids))


def blank_consultations(ids: list[int]) -> None:
    Consultation.objects.filter(pk__in=ids).update(
        consulter_name="", summary=DISPOSED, outcome_note="", updated_at=timezone.now()
    )


def blank_referrals(ids: list[int]) -> None:
    Referral.objects.filter(pk__in=ids).update(
        subject_name=DISPOSED_NAME,
        subject_kana="",
        subject_birth_date=None,
        subject_contact="",
        reason=DISPOSED,
        return_reason="",
        updated_at=timezone.now(),
    )
    ReferralEvent.objects.filter(referral__in=ids).update(note="")


def blank_targets(ids: list[int]) -> None:
    OutreachTarget.objects.filter(pk__in=ids).update(
        description="", noticed=DISPOSED, updated_at=timezone.now()
    )
    ContactAttempt.objects.filter(target__in=ids).update(companion="", seen="", next_step="")
    OutreachReview.objects.filter(target__in=ids).update(approach="")
    _agenda(AgendaItem.objects.filter(outreach_target__in=ids))


def blank_people(ids: list[int]) -> None:
    Person.objects.filter(pk__in=ids).update(
        family_name=DISPOSED_NAME,
        given_name="",
        family_kana="",
        given_kana="",
        birth_date=None,
        postal_code="",
        address="",
        phone="",
        language="",
        notes="",
        name_key="",
        family_key="",
        given_key="",
        kana_key="",
        family_kana_key="",
        given_kana_key="",
        phone_key="",
        address_key="",
        updated_at=timezone.now(),
    )
    NameGram.objects.filter(person__in=ids).delete()  # search finds them no more
    Consent.objects.filter(person__in=ids).update(notes="")
    ConsentRefusal.objects.filter(person__in=ids).update(notes="")
    PersonEvent.objects.filter(person__in=ids).update(note="", cancel_reason="")
    RestrictionGrant.objects.filter(person__in=ids).update(reason=DISPOSED)
    SamePersonLink.objects.filter(first__in=ids).update(reason=DISPOSED)
    SamePersonLink.objects.filter(second__in=ids).update(reason=DISPOSED)
    HouseholdMember.objects.filter(person__in=ids).update(relation_label="")


def blank_households(ids: list[int]) -> None:
    Household.objects.filter(pk__in=ids).update(
        name=DISPOSED_NAME, postal_code="", address="", notes="", updated_at=timezone.now()
    )


BLANK = {
    Kind.CASE: blank_cases,
    Kind.CONSULTATION: blank_consultations,
    Kind.REFERRAL: blank_referrals,
    Kind.OUTREACH: blank_targets,
    Kind.PERSON: blank_people,
    Kind.HOUSEHOLD: blank_households,
}
