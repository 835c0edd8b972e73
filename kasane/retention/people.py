"""Whose records these are: the people a legal hold protects, and the people and households
that are blanked once none of their records is kept.

A record is a person's when it names them: a consultation (its person, and the members of its
household), a つなぎ (the person it was linked to), a case (its main person, the members of its
household — past members too — and the people its assessment, participation and matches
name), an outreach target (its person). A person is blanked only when every such record is
disposed (decision of issue 19: a person who is still on a kept record keeps their name, their
contact and their notes). A household is blanked when none of its cases and consultations is
kept and every member ever recorded is blanked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from kasane.cases.models import AssessmentEntry, Case
from kasane.intake.models import Consultation, Referral
from kasane.outreach.models import OutreachTarget
from kasane.participation.models import Match, ParticipationProfile
from kasane.people.models import Household, HouseholdMember, Person
from kasane.retention.due import disposed
from kasane.retention.models import DisposalItem, Kind, LegalHold


def people_by_record(kind: str, ids: Iterable[int]) -> dict[int, set[int]]:
    """For each record id, the ids of the people it names (a fixed number of queries)."""
    ids = list(ids)
    found: dict[int, set[int]] = defaultdict(set)
    for record_id, person_id in _pairs(Kind(kind), ids):
        if person_id is not None:
            found[record_id].add(person_id)
    return found


def _pairs(kind: Kind, ids: list[int]) -> list[tuple[int, int | None]]:
    if kind == Kind.CASE:
        return [
            *Case.objects.filter(pk__in=ids).values_list("pk", "main_person_id"),
            *HouseholdMember.objects.filter(household__cases__in=ids).values_list(
                "household__cases", "person_id"
            ),
            *AssessmentEntry.objects.filter(assessment__case__in=ids).values_list(
                "assessment__case_id", "person_id"
            ),
            *ParticipationProfile.objects.filter(case__in=ids).values_list("case_id", "person_id"),
            *Match.objects.filter(case__in=ids).values_list("case_id", "person_id"),
        ]
    if kind == Kind.CONSULTATION:
        return [
            *Consultation.objects.filter(pk__in=ids).values_list("pk", "person_id"),
            *HouseholdMember.objects.filter(household__consultations__in=ids).values_list(
                "household__consultations", "person_id"
            ),
        ]
    if kind == Kind.REFERRAL:
        return list(Referral.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    if kind == Kind.OUTREACH:
        return list(OutreachTarget.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    return [(pk, pk) for pk in ids] if kind == Kind.PERSON else []


def held_people(person_ids: Iterable[int]) -> set[int]:
    """The people among these under an active legal hold."""
    return set(
        LegalHold.objects.filter(
            lifted_at__isnull=True, person_id__in=list(person_ids)
        ).values_list("person_id", flat=True)
    )


def held_records(kind: str, ids: Iterable[int]) -> set[int]:
    """The records among these that name a person under an active legal hold."""
    by_record = people_by_record(kind, ids)
    held = held_people({pk for people in by_record.values() for pk in people})
    return {record for record, people in by_record.items() if people & held}


def people_still_kept(candidates: set[int]) -> set[int]:
    """The candidates who are named on a record that is not disposed."""
    people = list(candidates)
    kept_cases = Case.objects.filter(~disposed(Kind.CASE))
    kept_consultations = Consultation.objects.filter(~disposed(Kind.CONSULTATION))
    member_of = HouseholdMember.objects.filter(person_id__in=people)
    queries = [
        kept_consultations.filter(person_id__in=people).values_list("person_id", flat=True),
        Referral.objects.filter(person_id__in=people)
        .filter(~disposed(Kind.REFERRAL))
        .values_list("person_id", flat=True),
        kept_cases.filter(main_person_id__in=people).values_list("main_person_id", flat=True),
        member_of.filter(household__cases__in=kept_cases).values_list("person_id", flat=True),
        member_of.filter(household__consultations__in=kept_consultations).values_list(
            "person_id", flat=True
        ),
        AssessmentEntry.objects.filter(
            person_id__in=people, assessment__case__in=kept_cases
        ).values_list("person_id", flat=True),
        Match.objects.filter(person_id__in=people, case__in=kept_cases).values_list(
            "person_id", flat=True
        ),
        OutreachTarget.objects.filter(person_id__in=people)
        .filter(~disposed(Kind.OUTREACH))
        .values_list("person_id", flat=True),
    ]
    return {pk for query in queries for pk in query}


def households_to_blank(candidates: set[int]) -> set[int]:
    """The candidate households with no kept case or consultation whose every member (ever
    recorded) is blanked."""
    kept_member = HouseholdMember.objects.filter(household=OuterRef("pk")).filter(
        ~Exists(
            DisposalItem.objects.filter(
                kind=Kind.PERSON, object_id=OuterRef("person_id"), disposed_at__isnull=False
            )
        )
    )
    kept = Q(Exists(kept_member)) | Q(
        Exists(Case.objects.filter(household=OuterRef("pk")).filter(~disposed(Kind.CASE)))
    )
    kept |= Q(
        Exists(
            Consultation.objects.filter(household=OuterRef("pk")).filter(
                ~disposed(Kind.CONSULTATION)
            )
        )
    )
    return set(
        Household.objects.filter(pk__in=list(candidates))
        .exclude(kept)
        .filter(~disposed(Kind.HOUSEHOLD))
        .values_list("pk", flat=True)
    )


def households_of(kind: str, ids: list[int]) -> set[int]:
    rows: list[int | None]
    if kind == Kind.CASE:
        rows = list(Case.objects.filter(pk__in=ids).values_list("household_id", flat=True))
    elif kind == Kind.CONSULTATION:
        rows = list(Consultation.objects.filter(pk__in=ids).values_list("household_id", flat=True))
    elif kind == Kind.PERSON:
        rows = list(
            HouseholdMember.objects.filter(person_id__in=ids).values_list("household_id", flat=True)
        )
    else:
        return set()
    return {pk for pk in rows if pk is not None}


def existing_people(ids: set[int]) -> set[int]:
    return set(Person.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
