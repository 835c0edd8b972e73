"""Display helpers for people. `contact` and `case_contact` print an address or phone through
the one masking rule (`kasane.people.contact`): 「（閲覧制限）」 unless the view has marked the
record `contact_unmasked` (after checking the grant and auditing the unmasked view)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from kasane.people import contact as rule
from kasane.people.models import Household, Person

register = template.Library()

CONTACT_FIELDS = rule.CONTACT_FIELDS


@register.filter
def contact(record: object, name: str) -> object:
    if name not in CONTACT_FIELDS:
        raise template.TemplateSyntaxError(f"contact: unknown field {name}")
    return rule.shown(record, name)


@register.simple_tag
def case_contact(
    person: Person, household: Household | None, masked: bool, name: str = "full_address"
) -> object:
    """A case's address (the household's, else the person's) or phone; used by the
    `people/_contact.html` partial."""
    if name not in CONTACT_FIELDS:
        raise template.TemplateSyntaxError(f"case_contact: unknown field {name}")
    return rule.case_contact(person, household or None, name, masked=bool(masked))


@register.filter
def age(birth_date: dt.date | None, on: dt.date | None = None) -> str:
    if birth_date is None:
        return ""
    today = on or timezone.localdate()
    years = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    return f"{years}歳"
