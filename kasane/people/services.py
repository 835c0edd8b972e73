"""Writes on people and households. Each service validates, saves and writes its audit row in
one transaction; nothing is deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.notices import rules as notices
from kasane.organizations.models import Organization
from kasane.people.consent import withdrawal_effects
from kasane.people.contact import STORED_CONTACT_FIELDS, audit_details
from kasane.people.keys import name_grams, person_keys
from kasane.people.models import (
    Consent,
    ConsentRefusal,
    ConsentState,
    Household,
    HouseholdMember,
    NameGram,
    Person,
    PersonEvent,
    PersonEventKind,
    RestrictionGrant,
    SamePersonLink,
)

PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_kana",
    "given_kana",
    "birth_date",
    "sex",
    "postal_code",
    "area",
    "address",
    "phone",
    "nationality",
    "language",
    "needs_interpreter",
    "disability_certificates",
    "care_level",
    "receives_public_assistance",
    "notes",
)
CONTACT_FIELDS = STORED_CONTACT_FIELDS
HOUSEHOLD_FIELDS = ("name", "postal_code", "area", "address", "tags", "notes")
MEMBER_FIELDS = ("relation", "relation_label", "lives_together", "is_key_person", "is_main_carer")


def _editable(names: tuple[str, ...], may_change_contact: bool) -> tuple[str, ...]:
    """Without `may_change_contact` (a restricted record seen masked) the address and phone
    are kept as they are, whatever the form sent."""
    return names if may_change_contact else tuple(n for n in names if n not in CONTACT_FIELDS)


def _today() -> dt.date:
    return timezone.localdate()


def _check_birth_date(person: Person) -> None:
    if person.birth_date and person.birth_date > _today():
        raise DomainError("生年月日が未来の日付です。")


def _derive_keys(person: Person) -> None:
    for name, value in person_keys(
        family_name=person.family_name,
        given_name=person.given_name,
        family_kana=person.family_kana,
        given_kana=person.given_kana,
        phone=person.phone,
        address=person.address,
    ).items():
        setattr(person, name, value)


def _index_name(person: Person) -> None:
    """Rebuild the person's rows in the search index (a few rows; names rarely change)."""
    NameGram.objects.filter(person=person).delete()
    keys = {name: getattr(person, name) for name in _KEY_NAMES}
    NameGram.objects.bulk_create(
        NameGram(
            gram=gram,
            person=person,
            organization_id=person.organization_id,
            rank=rank,
            kana_key=person.kana_key,
        )
        for gram, rank in name_grams(keys).items()
    )


_KEY_NAMES = (
    "name_key",
    "family_key",
    "given_key",
    "kana_key",
    "family_kana_key",
    "given_kana_key",
)


def person_create(*, actor: User, organization: Organization, **values: Any) -> Person:
    """Register a person for the actor's organisation (the registering organisation decides
    who sees the person until cases widen it)."""
    with transaction.atomic():
        person = Person(organization=organization, created_by=actor)
        apply_changes(person, PERSON_FIELDS, values)
        _check_birth_date(person)
        _derive_keys(person)
        person.full_clean()
        person.save()
        _index_name(person)
        audit_record(actor=actor, action="person.create", target=person)
    return person


def person_update(
    *, actor: User, person: Person, may_change_contact: bool, loaded_at: str, **values: Any
) -> Person:
    """Change a person; contact fields only with `may_change_contact` (see `_editable`).
    `loaded_at` is the version the form showed: a newer stored version refuses the save
    (`StaleEdit`), and so does a missing one (`check_version`)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        check_version(person.updated_at, loaded_at)
        changes = apply_changes(person, _editable(PERSON_FIELDS, may_change_contact), values)
        if not changes:
            return person
        _check_birth_date(person)
        _derive_keys(person)
        person.full_clean()
        person.save()
        if changes.keys() & {"family_name", "given_name", "family_kana", "given_kana"}:
            _index_name(person)
        details = audit_details(changes)
        audit_record(actor=actor, action="person.update", target=person, details=details)
    return person


def person_record_event(
    *, actor: User, person: Person, kind: str, occurred_on: dt.date, note: str = ""
) -> PersonEvent:
    """転出 and 死亡 are dated events; the person stays, marked."""
    if occurred_on > _today():
        raise DomainError("日付が未来です。")
    if person.birth_date and occurred_on < person.birth_date:
        raise DomainError("日付が生年月日より前です。")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        field = "moved_out_on" if kind == PersonEventKind.MOVED_OUT else "died_on"
        if getattr(person, field):
            label = PersonEventKind(kind).label
            raise DomainError(f"{label}は既に記録されています（{getattr(person, field)}）。")
        event = PersonEvent.objects.create(
            person=person, kind=kind, occurred_on=occurred_on, note=note, recorded_by=actor
        )
        setattr(person, field, occurred_on)
        person.save(update_fields=[field, "updated_at"])
        audit_record(
            actor=actor,
            action="person.event",
            target=person,
            details={"kind": kind, "event": event.pk},
        )
    return event


def person_event_cancel(*, actor: User, event: PersonEvent, reason: str) -> PersonEvent:
    """Cancel a mistaken 転出 or 死亡: the event stays, marked cancelled, and the person's
    date is taken from what remains."""
    with transaction.atomic():
        event = PersonEvent.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at:
            raise DomainError("この記録は既に取り消されています。")
        event.cancelled_at = timezone.now()
        event.cancelled_by = actor
        event.cancel_reason = reason
        event.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        person = Person.objects.select_for_update().get(pk=event.person_id)
        field = "moved_out_on" if event.kind == PersonEventKind.MOVED_OUT else "died_on"
        remaining = person.events.filter(kind=event.kind, cancelled_at__isnull=True)
        setattr(person, field, remaining.values_list("occurred_on", flat=True).first())
        person.save(update_fields=[field, "updated_at"])
        audit_record(
            actor=actor,
            action="person.event_cancel",
            target=person,
            reason=reason,
            details={"event": event.pk, "kind": event.kind},
        )
    return event


# --- 閲覧制限 ----------------------------------------------------------------------------------


def person_restrict(*, actor: User, person: Person, since: dt.date, reason: str) -> Person:
    """Anyone who may edit the person may switch the restriction on (protection must be easy);
    from then on the address and phone are masked for everyone without a grant in force,
    the actor included."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.is_restricted:
            raise DomainError("既に閲覧制限が設定されています。")
        person.is_restricted = True
        person.restricted_since = since
        person.save(update_fields=["is_restricted", "restricted_since", "updated_at"])
        audit_record(actor=actor, action="person.restrict", target=person, reason=reason)
    return person


def person_unrestrict(*, actor: User, person: Person, reason: str) -> Person:
    if not access.may_manage_restriction(actor):
        raise DomainError("閲覧制限の解除は管理者だけが行えます。")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.is_restricted:
            raise DomainError("閲覧制限は設定されていません。")
        person.is_restricted = False
        person.save(update_fields=["is_restricted", "updated_at"])
        # The grants end with the restriction: a restriction set again later starts afresh
        # rather than reopening to whoever was granted before.
        now = timezone.now()
        grants = RestrictionGrant.objects.filter(person=person)
        revoked = grants.in_force().update(revoked_at=now, revoked_by=actor)
        refused = grants.pending().update(refused_at=now, refused_by=actor)
        audit_record(
            actor=actor,
            action="person.unrestrict",
            target=person,
            reason=reason,
            details={"grants_revoked": revoked, "proposals_refused": refused},
        )
    return person


def restriction_grant_propose(
    *, actor: User, person: Person, user: User, reason: str
) -> RestrictionGrant:
    """An admin proposes that one named user may see a restricted person's address and
    phone. Nothing unmasks until a second person approves (`restriction_grant_approve`); the
    admins and coordinators who may approve it are told."""
    if not access.may_propose_restriction_grant(actor):
        raise DomainError("閲覧の許可の申請は管理者だけが行えます。")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.is_restricted:
            raise DomainError("この人には閲覧制限が設定されていません。")
        current = RestrictionGrant.objects.filter(
            person=person, user=user, revoked_at__isnull=True, refused_at__isnull=True
        ).first()
        if current is not None:
            state = "承認を待っています" if current.is_pending else "既に許可されています"
            raise DomainError(f"{user.full_name}さんへの閲覧の許可は{state}。")
        grant = RestrictionGrant.objects.create(
            person=person, user=user, reason=reason, proposed_by=actor
        )
        audit_record(
            actor=actor,
            action="person.restriction_propose",
            target=person,
            reason=reason,
            details={"user": user.username, "grant": grant.pk},
        )
        notices.restriction_grant_proposed(actor=actor, grant=grant)
    return grant


def _pending_grant(grant: RestrictionGrant) -> RestrictionGrant:
    """The grant, locked, while it waits for a decision; a domain error once decided."""
    grant = (
        RestrictionGrant.objects.select_for_update(of=("self",))
        .select_related("user", "person", "proposed_by")
        .get(pk=grant.pk)
    )
    if grant.approved_at is not None:
        raise DomainError("この申請は既に承認されています。")
    if grant.refused_at is not None:
        raise DomainError("この申請は既に却下されています。")
    if grant.revoked_at is not None:
        raise DomainError("この申請は既に取り消されています。")
    return grant


def restriction_grant_approve(*, actor: User, grant: RestrictionGrant) -> RestrictionGrant:
    """The second person approves a proposal: another admin or a coordinator, never the
    admin who proposed it and never the user it unmasks for. From then on the grant unmasks
    (`access.restricted_people_unmasked_for`)."""
    if not access.may_decide_restriction_grants(actor):
        raise DomainError("閲覧の許可の承認は、管理者または総合調整の担当者が行います。")
    with transaction.atomic():
        grant = _pending_grant(grant)
        if actor.pk == grant.proposed_by_id:
            raise DomainError(
                "申請した本人は承認できません。別の管理者か総合調整の担当者が承認します。"
            )
        if actor.pk == grant.user_id:
            raise DomainError("閲覧を許可される本人は承認できません。")
        grant.approved_by = actor
        grant.approved_at = timezone.now()
        grant.save(update_fields=["approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="person.restriction_approve",
            target=grant.person,
            details={
                "user": grant.user.username,
                "grant": grant.pk,
                "proposed_by": grant.proposed_by.username,
            },
        )
    return grant


def restriction_grant_refuse(
    *, actor: User, grant: RestrictionGrant, reason: str
) -> RestrictionGrant:
    """An admin or a coordinator refuses a proposal (the proposer may withdraw it this way):
    refusing unmasks nothing, so it needs no second person."""
    if not access.may_decide_restriction_grants(actor):
        raise DomainError("閲覧の許可の却下は、管理者または総合調整の担当者が行います。")
    with transaction.atomic():
        grant = _pending_grant(grant)
        grant.refused_by = actor
        grant.refused_at = timezone.now()
        grant.save(update_fields=["refused_by", "refused_at"])
        audit_record(
            actor=actor,
            action="person.restriction_refuse",
            target=grant.person,
            reason=reason,
            details={"user": grant.user.username, "grant": grant.pk},
        )
    return grant


def restriction_revoke(*, actor: User, grant: RestrictionGrant) -> RestrictionGrant:
    """An admin or a coordinator ends a grant in force; a proposal is refused instead."""
    if not access.may_decide_restriction_grants(actor):
        raise DomainError("許可の取り消しは、管理者または総合調整の担当者が行います。")
    with transaction.atomic():
        grant = RestrictionGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
        if grant.revoked_at:
            return grant
        if grant.approved_at is None:
            raise DomainError("承認されていない申請は取り消せません。却下してください。")
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="person.restriction_revoke",
            target=grant.person,
            details={"user": grant.user.username, "grant": grant.pk},
        )
    return grant


# --- 同意 -------------------------------------------------------------------------------------


def _refresh_consent_state(person: Person) -> None:
    """同意あり while any consent is active; otherwise the latest of what was recorded: a
    refusal (同意なし) or a withdrawal (同意撤回); 未確認 when nothing was."""
    consents = list(person.consents.values_list("withdrawn_on", "recorded_at"))
    # Each as (date, when it was recorded): on the same day, the one recorded later wins.
    refusals = list(person.consent_refusals.values_list("refused_on", "recorded_at"))
    withdrawals = [(withdrawn, at) for withdrawn, at in consents if withdrawn is not None]
    if len(withdrawals) < len(consents):
        state = ConsentState.GIVEN
    elif refusals and (not withdrawals or max(refusals) > max(withdrawals)):
        state = ConsentState.REFUSED
    elif withdrawals:
        state = ConsentState.WITHDRAWN
    else:
        state = ConsentState.UNCONFIRMED
    if person.consent_state != state:
        person.consent_state = state
        person.save(update_fields=["consent_state", "updated_at"])


def consent_refusal_record(
    *, actor: User, person: Person, refused_on: dt.date, notes: str = ""
) -> ConsentRefusal:
    """同意なし: the person was asked and did not consent. It does not touch a consent that is
    still active (a refusal to share now is a withdrawal, recorded on that consent)."""
    if refused_on > _today():
        raise DomainError("確認した日が未来の日付です。")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.consents.filter(withdrawn_on__isnull=True).exists():
            raise DomainError(
                "有効な同意があります。本人が共有をやめたいときは、その同意の撤回を記録してください。"
            )
        refusal = ConsentRefusal.objects.create(
            person=person, refused_on=refused_on, notes=notes.strip(), recorded_by=actor
        )
        _refresh_consent_state(person)
        audit_record(
            actor=actor,
            action="consent.refuse",
            target=person,
            details={"refusal": refusal.pk, "refused_on": refused_on.isoformat()},
        )
    return refusal


def consent_record(
    *,
    actor: User,
    person: Person,
    given_on: dt.date,
    method: str,
    all_organizations: bool,
    organizations: list[Organization] | tuple[Organization, ...] = (),
    covers_jusou_meeting: bool = False,
    notes: str = "",
) -> Consent:
    """情報共有の同意: with whom (all 支援関係機関 or the named ones) and whether the
    重層的支援会議 may discuss the person."""
    if given_on > _today():
        raise DomainError("同意日が未来の日付です。")
    if not all_organizations and not organizations and not covers_jusou_meeting:
        raise DomainError(
            "共有先（全ての支援関係機関、機関の指定、重層的支援会議のいずれか）を選んでください。"
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        consent = Consent.objects.create(
            person=person,
            given_on=given_on,
            method=method,
            all_organizations=all_organizations,
            covers_jusou_meeting=covers_jusou_meeting,
            notes=notes,
            recorded_by=actor,
        )
        if not all_organizations:
            consent.organizations.set(organizations)
        _refresh_consent_state(person)
        audit_record(
            actor=actor,
            action="consent.record",
            target=person,
            details={
                "consent": consent.pk,
                "method": method,
                "all_organizations": all_organizations,
                "organizations": [organization.pk for organization in organizations],
                "jusou_meeting": covers_jusou_meeting,
            },
        )
    return consent


def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Withdrawal ends what rested on the consent from that date; the row stays."""
    if withdrawn_on > _today():
        raise DomainError("撤回日が未来の日付です。")
    if withdrawn_on < consent.given_on:
        raise DomainError("撤回日が同意日より前です。")
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_on:
            raise DomainError("この同意は既に撤回されています。")
        consent.withdrawn_on = withdrawn_on
        consent.withdrawn_by = actor
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
        person = Person.objects.select_for_update().get(pk=consent.person_id)
        _refresh_consent_state(person)
        audit_record(
            actor=actor,
            action="consent.withdraw",
            target=person,
            details={"consent": consent.pk},
        )
        # Told before the effects end the memberships that rested on the consent.
        notices.consent_withdrawn(actor=actor, person=person, consent=consent)
        withdrawal_effects(actor=actor, person=person, withdrawn_on=withdrawn_on)
    return consent


# --- 同一人物 -----------------------------------------------------------------------------------


def people_link(*, actor: User, person: Person, other: Person, reason: str) -> SamePersonLink:
    """A coordinator records that two records are one person. Both records stay unchanged."""
    if person.pk == other.pk:
        raise DomainError("同じ記録どうしは連携できません。")
    first, second = sorted((person, other), key=lambda each: each.pk)
    with transaction.atomic():
        if SamePersonLink.objects.filter(
            first=first, second=second, unlinked_at__isnull=True
        ).exists():
            raise DomainError("この2件は既に同一人物として連携されています。")
        link = SamePersonLink.objects.create(
            first=first, second=second, reason=reason, linked_by=actor
        )
        audit_record(
            actor=actor,
            action="person.link",
            target=first,
            reason=reason,
            details={"first": first.pk, "second": second.pk},
            people=[second.pk],
        )
    return link


def people_unlink(*, actor: User, link: SamePersonLink, reason: str) -> SamePersonLink:
    with transaction.atomic():
        link = SamePersonLink.objects.select_for_update().get(pk=link.pk)
        if link.unlinked_at:
            raise DomainError("この連携は既に解除されています。")
        link.unlinked_at = timezone.now()
        link.unlinked_by = actor
        link.save(update_fields=["unlinked_at", "unlinked_by"])
        audit_record(
            actor=actor,
            action="person.unlink",
            target=link.first,
            reason=reason,
            details={"first": link.first_id, "second": link.second_id},
            people=[link.second_id],
        )
    return link


# --- 世帯 -------------------------------------------------------------------------------------


def household_create(
    *, actor: User, organization: Organization, key_person: Person, **values: Any
) -> Household:
    """A household starts from its key person (続柄 本人); other members join after."""
    with transaction.atomic():
        household = Household(organization=organization, created_by=actor)
        apply_changes(household, HOUSEHOLD_FIELDS, values)
        household.full_clean()
        household.save()
        HouseholdMember.objects.create(
            household=household, person=key_person, relation="self", is_key_person=True
        )
        audit_record(
            actor=actor,
            action="household.create",
            target=household,
            details={"key_person": key_person.pk},
            people=[key_person.pk],
        )
    return household


def household_update(
    *,
    actor: User,
    household: Household,
    may_change_contact: bool,
    loaded_at: str,
    **values: Any,
) -> Household:
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        check_version(household.updated_at, loaded_at)
        changes = apply_changes(household, _editable(HOUSEHOLD_FIELDS, may_change_contact), values)
        if not changes:
            return household
        household.full_clean()
        household.save()
        details = audit_details(changes)
        audit_record(
            actor=actor,
            action="household.update",
            target=household,
            details=details,
            people=household.members.filter(left_on__isnull=True).values("person_id"),
        )
    return household


def _check_key_person(household: Household, member: HouseholdMember) -> None:
    """One key person per household, and the key person is the one whose 続柄 is 本人."""
    if member.is_key_person != (member.relation == "self"):
        raise DomainError("キーパーソンの続柄は「本人（キーパーソン）」にしてください。")
    others = household.members.filter(left_on__isnull=True, is_key_person=True).exclude(
        pk=member.pk
    )
    if member.is_key_person and others.exists():
        raise DomainError("キーパーソンは世帯に1人です。先に今のキーパーソンを変更してください。")


def household_member_add(
    *, actor: User, household: Household, person: Person, **values: Any
) -> HouseholdMember:
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        if household.members.filter(person=person, left_on__isnull=True).exists():
            raise DomainError(f"{person.full_name}さんは既にこの世帯の世帯員です。")
        member = HouseholdMember(household=household, person=person)
        apply_changes(member, MEMBER_FIELDS, values)
        _check_key_person(household, member)
        member.save()
        household.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="household.member_add",
            target=household,
            details={"person": person.pk, "relation": member.relation},
            people=[person.pk],
        )
    return member


def household_member_update(
    *, actor: User, member: HouseholdMember, loaded_at: str, **values: Any
) -> HouseholdMember:
    with transaction.atomic():
        member = (
            HouseholdMember.objects.select_for_update()
            .select_related("household")
            .get(pk=member.pk)
        )
        check_version(member.updated_at, loaded_at)
        changes = apply_changes(member, MEMBER_FIELDS, values)
        if not changes:
            return member
        _check_key_person(member.household, member)
        member.save()
        member.household.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="household.member_update",
            target=member.household,
            details={"person": member.person_id, "fields": changed_fields(changes)},
            people=[member.person_id],
        )
    return member


def household_member_leave(
    *, actor: User, member: HouseholdMember, left_on: dt.date
) -> HouseholdMember:
    """A member leaves the household (転居, 世帯分離...) on a date; the row stays."""
    if left_on > _today():
        raise DomainError("日付が未来です。")
    with transaction.atomic():
        member = (
            HouseholdMember.objects.select_for_update()
            .select_related("household")
            .get(pk=member.pk)
        )
        if member.is_key_person:
            raise DomainError(
                "キーパーソンは世帯から外せません。先にキーパーソンを変更してください。"
            )
        if member.left_on:
            raise DomainError("既に世帯から外れています。")
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        audit_record(
            actor=actor,
            action="household.member_leave",
            target=member.household,
            details={"person": member.person_id},
            people=[member.person_id],
        )
    return member
