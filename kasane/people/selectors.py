"""Reads on people and households: search, duplicate hints, masking.

Search reads the name index (`NameGram`): for a query of one or two characters the first page
comes straight from an index in the order users want (exact 氏・名 first, then names that
start with the query, then the rest, each by フリガナ), already filtered to the organisation
the user may see. Longer queries start from their rarest 2-character piece and check the whole
query on the person. Totals are counted up to `COUNT_CAP` and shown as 「5,000件以上」 beyond.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Collate

from kasane import access
from kasane.accounts.models import User
from kasane.core.japanese import address_key, digits_key, name_key
from kasane.people.models import (
    DisabilityCertificate,
    Household,
    HouseholdMember,
    NameGram,
    Person,
    SamePersonLink,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PAGE_SIZE = 50
COUNT_CAP = 5000
RAREST_CAP = 2000


@dataclass(frozen=True)
class PersonCriteria:
    name: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    address: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name_key or self.birth_date or self.phone_key or self.address_key)

    @property
    def name_key(self) -> str:
        return name_key(self.name)

    @property
    def phone_key(self) -> str:
        return digits_key(self.phone)

    @property
    def address_key(self) -> str:
        return address_key(self.address)

    def for_audit(self) -> dict[str, str]:
        return {
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "phone": self.phone,
            "address": self.address,
        }


@dataclass
class SearchPage:
    people: list[Person]
    number: int
    has_next: bool
    total: int
    total_is_estimate: bool
    hidden_match: bool = False
    offset: int = field(default=0)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _kana_order() -> F | Collate:
    # Code-point order on every database; on PostgreSQL this matches the index's collation.
    return Collate(F("kana_key"), "C") if connection.vendor == "postgresql" else F("kana_key")


def _granted_person_ids(user: User) -> list[int]:
    return list(access.restricted_people_unmasked_for(user).values_list("person_id", flat=True))


def _person_filter(user: User, criteria: PersonCriteria, prefix: str = "") -> Q:
    """Birth date, phone and address conditions. A restricted person's phone and address
    match only for users granted to see them: a search must not confirm a hidden address."""
    condition = Q()
    if criteria.birth_date:
        condition &= Q(**{f"{prefix}birth_date": criteria.birth_date})
    if criteria.phone_key:
        condition &= Q(**{f"{prefix}phone_key__startswith": criteria.phone_key})
    if criteria.address_key:
        condition &= Q(**{f"{prefix}address_key__contains": criteria.address_key})
    if criteria.phone_key or criteria.address_key:
        condition &= Q(**{f"{prefix}is_restricted": False}) | Q(
            **{f"{prefix}pk__in": _granted_person_ids(user)}
        )
    return condition


_KATAKANA = re.compile(r"^[ァ-ヺー]+$")
_GRAM_STATS_SECONDS = 600
_gram_stats: tuple[float, dict[str, float]] = (0.0, {})


def _common_gram_frequencies() -> dict[str, float]:
    """PostgreSQL's own statistics of the commonest grams (refreshed by ANALYZE), read at most
    every ten minutes per process; empty elsewhere."""
    global _gram_stats
    if connection.vendor != "postgresql":
        return {}
    if time.monotonic() - _gram_stats[0] > _GRAM_STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_vals::text::text[], most_common_freqs FROM pg_stats"
                " WHERE tablename = 'people_namegram' AND attname = 'gram'"
            )
            row = cursor.fetchone()
        frequencies = dict(zip(row[0], row[1], strict=True)) if row and row[0] else {}
        _gram_stats = (time.monotonic(), frequencies)
    return _gram_stats[1]


def _rarest_gram(query: str, scope: int | None) -> str:
    """The 2-character piece of `query` with the fewest index rows. Counts stop at a cap;
    between pieces at the cap, the database's statistics decide (a piece missing from the
    most common values is rarer than all of them)."""
    frequencies = _common_gram_frequencies()
    counted: list[tuple[int, float, str]] = []
    for gram in dict.fromkeys(query[index : index + 2] for index in range(len(query) - 1)):
        rows = NameGram.objects.filter(gram=gram)
        if scope is not None:
            rows = rows.filter(organization_id=scope)
        count = rows.values("pk")[:RAREST_CAP].count()
        if count == 0:
            return gram
        counted.append((count, frequencies.get(gram, 0.0), gram))
    return min(counted)[2]


def _ranked(exact: Q, prefix: Q) -> Case:
    return Case(
        When(exact, then=Value(0)),
        When(prefix, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class MatchRank(TypedDict):
    match_rank: int


if TYPE_CHECKING:
    # A name index row as `_name_matches` returns it.
    RankedGram = WithAnnotations[NameGram, MatchRank]


def _name_matches(query: str, scope: int | None) -> QuerySet[RankedGram]:
    """Index rows matching the name query, annotated with `match_rank` (0 exact, 1 prefix,
    2 inside), not yet limited to what the user may see.

    1–2 characters: the rows of that piece, ranked when indexed. A longer query in kana is
    checked against the `kana_key` copied into the index row, so it never reads the person
    table (ranked on the full name's kana: 「ミサキ」 counts as inside, not as the start of
    the 名). A longer query with kanji checks the person's keys."""
    if len(query) <= 2:
        return NameGram.objects.filter(gram=query).annotate(match_rank=F("rank"))
    rows = NameGram.objects.filter(gram=_rarest_gram(query, scope))
    if _KATAKANA.match(query):
        return rows.filter(kana_key__contains=query).annotate(
            match_rank=_ranked(Q(kana_key=query), Q(kana_key__startswith=query))
        )
    keys = ("family_key", "given_key", "family_kana_key", "given_kana_key", "name_key", "kana_key")
    exact = Q()
    for key in keys:
        exact |= Q(**{f"person__{key}": query})
    prefix = Q()
    for key in ("name_key", "kana_key", "given_key", "given_kana_key"):
        prefix |= Q(**{f"person__{key}__startswith": query})
    contains = Q(person__name_key__contains=query) | Q(person__kana_key__contains=query)
    return rows.filter(contains).annotate(match_rank=_ranked(exact, prefix))


# What the result lists show; nothing else is loaded (the list is read on every search).
LIST_FIELDS = (
    "family_name",
    "given_name",
    "family_kana",
    "given_kana",
    "birth_date",
    "sex",
    "address",
    "is_restricted",
    "consent_state",
    "moved_out_on",
    "died_on",
    "organization__name",
    "organization__short_name",
)


def _with_households(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with their current households (`current_memberships`), for lists."""
    return (
        people.select_related(None)
        .select_related("organization")
        .only(*LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.filter(left_on__isnull=True)
                .select_related("household")
                .only("person_id", "household__name"),
                to_attr="current_memberships",
            )
        )
    )


def _load_people(ids: list[int]) -> list[Person]:
    people = _with_households(Person.objects.filter(pk__in=ids))
    by_id = {person.pk: person for person in people}
    return [by_id[pk] for pk in ids if pk in by_id]


def search_people(user: User, criteria: PersonCriteria, page: int = 1) -> SearchPage:
    """One page of the people matching `criteria` that `user` may see, and whether a match
    exists that the user may not see (the caller says only "known elsewhere")."""
    scope = access.person_scope(user)
    offset = (max(page, 1) - 1) * PAGE_SIZE
    query = criteria.name_key
    if query:
        matches = _name_matches(query, scope)
        if condition := _person_filter(user, criteria, prefix="person__"):
            matches = matches.filter(condition)
        visible = matches if scope is None else matches.filter(organization_id=scope)
        ordered = visible.order_by("match_rank", _kana_order(), "person_id")
        ids = list(ordered.values_list("person_id", flat=True)[offset : offset + PAGE_SIZE + 1])
        total = visible.values("pk")[: COUNT_CAP + 1].count()
        hidden = scope is not None and matches.exclude(organization_id=scope).exists()
    else:
        matches_people = Person.objects.filter(_person_filter(user, criteria))
        visible_people = (
            matches_people if scope is None else matches_people.filter(organization_id=scope)
        )
        ordered_people = visible_people.order_by(_kana_order(), "pk")
        ids = list(ordered_people.values_list("pk", flat=True)[offset : offset + PAGE_SIZE + 1])
        total = visible_people.values("pk")[: COUNT_CAP + 1].count()
        hidden = scope is not None and matches_people.exclude(organization_id=scope).exists()
    return SearchPage(
        people=_load_people(ids[:PAGE_SIZE]),
        number=max(page, 1),
        has_next=len(ids) > PAGE_SIZE,
        total=min(total, COUNT_CAP),
        total_is_estimate=total > COUNT_CAP,
        hidden_match=hidden,
        offset=offset,
    )


RECENT_PEOPLE_ORDER = ("-updated_at", "-pk")


def recent_people(user: User) -> QuerySet[Person]:
    """The people this user may see, most recently changed first (the list before a search)."""
    return _with_households(access.people_for_user(user)).order_by(*RECENT_PEOPLE_ORDER)


@dataclass
class DuplicateHints:
    people: list[Person]
    hidden_match: bool

    def __bool__(self) -> bool:
        return bool(self.people) or self.hidden_match


def likely_duplicates(
    user: User,
    *,
    family_name: str,
    given_name: str,
    family_kana: str,
    given_kana: str,
    birth_date: dt.date | None,
    phone: str,
    exclude_pk: int | None = None,
) -> DuplicateHints:
    """People who may be the same person: same name key and birth date, same kana and birth
    date, or same phone (a restricted person's phone only for users granted to see it)."""
    name = name_key(family_name + given_name)
    kana = name_key(family_kana + given_kana)
    phone_key = digits_key(phone)
    condition = Q(pk__in=[])
    if birth_date and name:
        condition |= Q(name_key=name, birth_date=birth_date)
    if birth_date and kana:
        condition |= Q(kana_key=kana, birth_date=birth_date)
    if len(phone_key) >= 10:
        condition |= Q(phone_key=phone_key) & (
            Q(is_restricted=False) | Q(pk__in=_granted_person_ids(user))
        )
    candidates = Person.objects.filter(condition)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    scope = access.person_scope(user)
    visible = candidates if scope is None else candidates.filter(organization_id=scope)
    people = list(visible.select_related("organization").order_by("kana_key", "pk")[:20])
    hidden = scope is not None and candidates.exclude(organization_id=scope).exists()
    return DuplicateHints(people=people, hidden_match=hidden)


def withhold_members(user: User, members: Iterable[HouseholdMember]) -> None:
    """Mark each member whose record is not shared with the user (`member.withheld`): pages
    show them as 「同意のない世帯員」, with no name, birth date or address (the rule is
    `access.people_shown_to`)."""
    members = list(members)
    shown = access.people_shown_to(user, [member.person_id for member in members])
    for member in members:
        member.withheld = member.person_id not in shown


def may_see_household_contact(user: User, members: list[HouseholdMember]) -> bool:
    """The household address shows only to a user granted for every restricted member."""
    restricted = {m.person_id for m in members if m.left_on is None and m.person.is_restricted}
    if not restricted:
        return True
    granted = set(
        access.restricted_people_unmasked_for(user)
        .filter(person_id__in=restricted)
        .values_list("person_id", flat=True)
    )
    return restricted <= granted


def person_page_context(user: User, person: Person) -> dict[str, object]:
    """Everything the person page shows, in a fixed number of queries."""
    scope = access.person_scope(user)
    links = list(
        SamePersonLink.objects.filter(Q(first=person) | Q(second=person))
        .select_related("first", "second", "linked_by", "unlinked_by")
        .order_by("-linked_at")
    )
    for link in links:
        link.other = link.second if link.first_id == person.pk else link.first
        link.other_visible = scope is None or link.other.organization_id == scope
    memberships = list(person.memberships.select_related("household").order_by("left_on", "-pk"))
    for membership in memberships:
        membership.visible = scope is None or membership.household.organization_id == scope
    # Those who decide on grants see them here; they change them on the register's page.
    grants = (
        list(
            person.restriction_grants.filter(revoked_at__isnull=True, refused_at__isnull=True)
            .select_related("user__organization")
            .order_by("proposed_at", "pk")
        )
        if person.is_restricted and access.may_decide_restriction_grants(user)
        else []
    )
    duplicates = None
    if access.may_link_people(user):
        duplicates = likely_duplicates(
            user,
            family_name=person.family_name,
            given_name=person.given_name,
            family_kana=person.family_kana,
            given_kana=person.given_kana,
            birth_date=person.birth_date,
            # The view has checked the grant (and audited the unmasked view) already.
            phone=person.phone
            if not person.is_restricted or getattr(person, "contact_unmasked", False)
            else "",
            exclude_pk=person.pk,
        )
    return {
        "person": person,
        "consents": list(
            person.consents.select_related("recorded_by", "withdrawn_by").prefetch_related(
                "organizations"
            )
        ),
        "refusals": list(person.consent_refusals.select_related("recorded_by")),
        "events": list(person.events.select_related("recorded_by", "cancelled_by")),
        "memberships": memberships,
        "links": links,
        "grants": grants,
        "duplicates": duplicates,
        "certificate_labels": [
            DisabilityCertificate(code).label
            for code in person.disability_certificates
            if code in DisabilityCertificate.values
        ],
        "may_link": access.may_link_people(user),
        "may_decide_grants": access.may_decide_restriction_grants(user),
    }


def households_of(user: User, person: Person, recorded: int | None = None) -> QuerySet[Household]:
    """The person's current households that the user may see (forms offer these), and the
    one already `recorded` on a record, even if the person has left it since."""
    current = Q(members__person=person, members__left_on__isnull=True)
    return (
        access.households_for_user(user)
        .filter(current | Q(pk=recorded) if recorded else current)
        .distinct()
        .order_by("name", "pk")
    )


AUDIT_PICK_LIMIT = 50


def people_for_audit_pick(
    people: QuerySet[Person], *, name: str, birth_date: dt.date | None
) -> tuple[list[Person], bool]:
    """The auditor's picker: up to AUDIT_PICK_LIMIT people by name or フリガナ (through the
    name index, as the people search) and birth date, in フリガナ order; and whether there
    were more."""
    query = name_key(name)
    if query:
        matches = _name_matches(query, None)
        if birth_date:
            matches = matches.filter(person__birth_date=birth_date)
        ranked = matches.order_by("match_rank", _kana_order(), "person_id")
        # One index row per person and piece: no person comes twice.
        ids = list(ranked.values_list("person_id", flat=True)[: AUDIT_PICK_LIMIT + 1])
        by_id = {person.pk: person for person in people.filter(pk__in=ids)}
        found = [by_id[pk] for pk in ids if pk in by_id]
    else:
        found = list(
            people.filter(birth_date=birth_date).order_by(_kana_order(), "pk")[
                : AUDIT_PICK_LIMIT + 1
            ]
        )
    return found[:AUDIT_PICK_LIMIT], len(found) > AUDIT_PICK_LIMIT
