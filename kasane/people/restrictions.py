"""Reads for the register of restricted people (閲覧制限の許可, issue 19): each person by name
and registering organisation only, with the grants in force and the proposals waiting for a
second person. The register is where admins — who see no case content — propose grants, and
where admins and coordinators decide on them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from kasane.core.japanese import to_katakana
from kasane.people.models import Person, RestrictionGrant

# What the register shows of a person: nothing that would tell where they live.
PERSON_FIELDS = ("family_name", "given_name", "family_kana", "given_kana", "organization__name")
PENDING_SHOWN = 50


def register(people: QuerySet[Person], *, q: str = "", pending: bool = False) -> QuerySet[Person]:
    """The restricted people (from `access.restricted_people_for_user`), by フリガナ, each
    annotated with `in_force` and `pending` counts of grants; filtered by the words of `q`
    (each in the name or its フリガナ) and to those with a proposal waiting."""
    for word in q.split():
        kana = to_katakana(word)
        people = people.filter(
            Q(family_name__contains=word)
            | Q(given_name__contains=word)
            | Q(family_kana__contains=kana)
            | Q(given_kana__contains=kana)
        )
    people = people.annotate(
        in_force=Count(
            "restriction_grants",
            filter=Q(
                restriction_grants__approved_at__isnull=False,
                restriction_grants__revoked_at__isnull=True,
            ),
        ),
        pending=Count(
            "restriction_grants",
            filter=Q(
                restriction_grants__approved_at__isnull=True,
                restriction_grants__refused_at__isnull=True,
                restriction_grants__revoked_at__isnull=True,
            ),
        ),
    )
    if pending:
        people = people.filter(pending__gt=0)
    return people.order_by("family_kana", "given_kana", "pk")


def _grants() -> QuerySet[RestrictionGrant]:
    return RestrictionGrant.objects.select_related(
        "user__organization", "proposed_by", "approved_by", "refused_by", "revoked_by"
    )


def pending_proposals(people: QuerySet[Person]) -> tuple[list[RestrictionGrant], int]:
    """The oldest proposals waiting for a decision on these people (at most `PENDING_SHOWN`),
    and how many wait in all."""
    waiting = RestrictionGrant.objects.pending().filter(person__in=people.values("pk"))
    shown = list(
        waiting.select_related("person__organization", "user__organization", "proposed_by")
        .only(
            *(f"person__{name}" for name in PERSON_FIELDS),
            "user__full_name",
            "user__organization__name",
            "proposed_by__full_name",
            "reason",
            "proposed_at",
            "person_id",
            "user_id",
            "proposed_by_id",
            "approved_at",
            "refused_at",
            "revoked_at",
        )
        .order_by("proposed_at", "pk")[:PENDING_SHOWN]
    )
    return shown, waiting.count()


def grants_of(person: Person) -> dict[str, Any]:
    """One person's grants on the register's page: in force, waiting, and the past ones
    (refused, revoked), newest first."""
    grants = list(_grants().filter(person=person).order_by("-proposed_at", "-pk"))
    return {
        "in_force": [grant for grant in grants if grant.is_in_force],
        "pending": [grant for grant in grants if grant.is_pending],
        "past": [grant for grant in grants if grant.refused_at or grant.revoked_at],
    }
