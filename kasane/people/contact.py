"""The one rule for showing an address or a phone (閲覧制限, DV等支援措置).

A restricted person's address, postal code, 町丁目 and phone, those of anyone living with a
restricted person, and the address of a household with a restricted current member are shown
as 「（閲覧制限）」 unless an admin has granted the viewer (`access.may_see_contact`,
`access.may_see_home_contact`). Pages, the `contact` filter, the `people/_contact.html`
partial, exports, printouts, referrals and audit details all ask this module, so the rule
cannot drift between them. It fails closed: a record that does not say whether it is
restricted is treated as restricted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from kasane import access
from kasane.audit.services import changed_fields
from kasane.people.models import (
    MASK,
    Household,
    HouseholdMember,
    Person,
    lives_with_restricted,
    restricted_at_home,
)
from kasane.people.selectors import may_see_household_contact

__all__ = [
    "CONTACT_FIELDS",
    "MASK",
    "audit_details",
    "case_contact",
    "home_masked",
    "home_masked_sql",
    "passed_on_contact",
    "shown",
    "unmask_household_for",
    "unmask_person_for",
    "visible_on_referral",
]

# The fields that tell where someone lives or how to reach them.
CONTACT_FIELDS = frozenset({"address", "phone", "postal_code_display", "area", "full_address"})
# The same, as stored (what an edit changes and the audit trail records).
STORED_CONTACT_FIELDS = ("postal_code", "area", "address", "phone")


def shown(record: object, name: str) -> Any:
    """What a page prints for a contact field of a person or household. Unmasked only when
    the view has marked the record `contact_unmasked` (after checking the grant and auditing
    the unmasked view); masked when the view has marked it `contact_masked` (a home shared
    with someone restricted)."""
    if name not in CONTACT_FIELDS:
        raise ValueError(f"not a contact field: {name}")
    if getattr(record, "contact_masked", False):
        return MASK
    if getattr(record, "is_restricted", True) and not getattr(record, "contact_unmasked", False):
        return MASK
    return getattr(record, name) or ""


def home_masked(person: Person) -> bool:
    """Whether the person's contact details are those of someone under 閲覧制限 (their own,
    or a home shared with such a person). Pages that never unmask — cases, meetings,
    exports, printouts — mask them then, whatever grants the viewer holds."""
    return lives_with_restricted(person)


def home_masked_sql(person: str) -> ExpressionWrapper:
    """`home_masked` as an annotation, for lists and exports of many rows: `person` names the
    foreign key to the person (`main_person`, `person`). NULL (no person) is not masked."""
    return ExpressionWrapper(
        Q(**{f"{person}__is_restricted": True})
        | Exists(restricted_at_home(OuterRef(f"{person}_id"))),
        output_field=BooleanField(),
    )


def case_contact(person: Person, household: Household | None, name: str, *, masked: bool) -> Any:
    """A case's address or phone as shown on its page, printouts and meeting summaries: the
    household's address when there is one (else the person's), the person's phone; all masked
    when the main person's home is (`masked`, see `home_masked`)."""
    if masked:
        return MASK
    record = household if household is not None and name != "phone" else person
    return shown(record, name)


def passed_on_contact(person: Person) -> str:
    """The contact that travels with a referral made from a consultation: none of a restricted
    person's, or of someone living with one."""
    return MASK if home_masked(person) else (person.phone or person.address)


def unmask_person_for(user: Any, person: Person) -> bool:
    """Mark the person for the `contact` filter as this user may see them: masked when someone
    they live with is restricted and the user is not granted for all of them, unmasked when the
    person is restricted and the user is granted. True when the view must audit the unmasked
    view (`person.view_unmasked`)."""
    if not person.is_restricted and not access.may_see_home_contact(user, person):
        person.contact_masked = True
    if person.is_restricted and access.may_see_contact(user, person):
        person.contact_unmasked = True
        return True
    return False


def unmask_household_for(user: Any, household: Household, members: list[HouseholdMember]) -> bool:
    """Mark a restricted household (annotated `is_restricted` by `access.households_for_user`)
    unmasked when the user is granted for every restricted current member. True when the view
    must audit the unmasked view (`household.view_unmasked`)."""
    if household.is_restricted and may_see_household_contact(user, members):
        household.contact_unmasked = True
        return True
    return False


def visible_on_referral(user: Any, person: Person, value: str) -> str:
    """A referral's contact as sent, when it is about `person`: masked unless the user is
    granted for the person and everyone restricted at their home."""
    return value if access.may_see_home_contact(user, person) else MASK


def audit_details(changes: dict[str, list[Any]]) -> dict[str, list[str]]:
    """Audit details of a change to a person or a household: which fields changed, never
    their values (the auditor reads no personal data, a restricted address least of all)."""
    return {"fields": changed_fields(changes)}
