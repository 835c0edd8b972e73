"""The one masking rule (`kasane.people.contact`): a person, a household, a home shared with a
restricted person, a granted viewer, and what travels with referrals and audit details.
佐藤 さくら and ひなた of the demo are restricted; only `jiritsu` is granted for both."""

from __future__ import annotations

import pytest

from kasane import access
from kasane.accounts.models import User
from kasane.people import contact
from kasane.people.models import MASK, Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _person(family: str, given: str) -> Person:
    return Person.objects.select_related("area").get(family_name=family, given_name=given)


def _sakura() -> Person:
    return _person("佐藤", "さくら")


def _tanaka() -> Person:
    return _person("田中", "由美")


def _members(household: Household) -> list[HouseholdMember]:
    return list(household.members.select_related("person"))


@pytest.fixture
def housemate(jiritsu: User) -> Person:
    """An unrestricted adult who lives in 佐藤家 (the shared-home rule)."""
    person = Person.objects.create(
        organization=jiritsu.organization,
        family_name="佐藤",
        given_name="同居",
        address="デモ市南町9-9-9",
        phone="090-9999-0010",
    )
    HouseholdMember.objects.create(
        household=Household.objects.get(name="佐藤家"), person=person, relation="sibling"
    )
    return person


def test_it_shows_an_unrestricted_persons_contact() -> None:
    tanaka = _tanaka()
    assert contact.shown(tanaka, "phone") == "090-0000-1984"
    assert "緑ヶ丘1丁目5-8" in contact.shown(tanaka, "full_address")


def test_it_masks_a_restricted_person_unless_the_view_unmasked_them() -> None:
    sakura = _sakura()
    assert contact.shown(sakura, "phone") == MASK
    assert contact.shown(sakura, "full_address") == MASK
    sakura.contact_unmasked = True
    assert contact.shown(sakura, "phone") == "090-9999-0009"


def test_it_fails_closed_and_refuses_other_fields() -> None:
    assert contact.shown(object(), "address") == MASK  # does not say whether restricted
    with pytest.raises(ValueError):
        contact.shown(_tanaka(), "notes")


def test_a_household_with_a_restricted_member_is_masked(coordinator: User) -> None:
    households = access.households_for_user(coordinator)
    assert contact.shown(households.get(name="佐藤家"), "address") == MASK
    assert contact.shown(households.get(name="田中家"), "address") == "デモ市緑ヶ丘1丁目5-8"


def test_the_granted_viewer_unmasks_the_person_and_the_household(
    jiritsu: User, coordinator: User
) -> None:
    sakura = _sakura()
    assert contact.unmask_person_for(jiritsu, sakura) is True  # the view audits it
    assert contact.shown(sakura, "phone") == "090-9999-0009"
    other = _sakura()
    assert contact.unmask_person_for(coordinator, other) is False  # no role is enough
    assert contact.shown(other, "phone") == MASK
    household = access.households_for_user(jiritsu).get(name="佐藤家")
    assert contact.unmask_household_for(jiritsu, household, _members(household)) is True
    assert contact.shown(household, "address") == "デモ市南町9-9-9"
    household = access.households_for_user(coordinator).get(name="佐藤家")
    assert contact.unmask_household_for(coordinator, household, _members(household)) is False
    assert contact.shown(household, "address") == MASK


def test_a_home_shared_with_a_restricted_person_is_masked(
    housemate: Person, jiritsu: User, coordinator: User
) -> None:
    assert contact.home_masked(housemate) and contact.home_masked(_sakura())
    assert not contact.home_masked(_tanaka())
    assert contact.unmask_person_for(coordinator, housemate) is False
    assert contact.shown(housemate, "phone") == MASK
    # Granted for everyone restricted at home: the housemate's own contact shows (nothing to
    # audit as unmasked: the housemate is not restricted).
    seen = Person.objects.get(pk=housemate.pk)
    assert contact.unmask_person_for(jiritsu, seen) is False
    assert contact.shown(seen, "phone") == "090-9999-0010"
    # Referrals carry none of it, and show the sheet's contact only to the granted.
    assert contact.passed_on_contact(housemate) == MASK
    assert contact.passed_on_contact(_tanaka()) == "090-0000-1984"
    assert contact.visible_on_referral(coordinator, housemate, "090-9999-0010") == MASK
    assert contact.visible_on_referral(jiritsu, housemate, "090-9999-0010") == "090-9999-0010"


def test_a_cases_contact_is_masked_whole_when_the_home_is(housemate: Person) -> None:
    tanaka = _tanaka()
    household = Household.objects.get(name="田中家")
    household.is_restricted = False
    assert contact.case_contact(tanaka, household, "full_address", masked=False) == (
        household.full_address
    )
    assert contact.case_contact(tanaka, household, "phone", masked=False) == "090-0000-1984"
    assert contact.case_contact(tanaka, None, "full_address", masked=False) == tanaka.full_address
    # Cases, meetings, exports and printouts never unmask, whatever the viewer is granted.
    housemate.contact_unmasked = True
    assert contact.case_contact(housemate, None, "phone", masked=True) == MASK


def test_audit_details_of_a_change_name_the_fields_never_the_values() -> None:
    """Issue 21 point 2: the auditor reads which fields changed, not the old or new address,
    phone or notes (restricted or not)."""
    changes = {"address": ["旧住所", "新住所"], "phone": ["1", "2"], "notes": ["a", "b"]}
    assert contact.audit_details(changes) == {"fields": ["address", "notes", "phone"]}
