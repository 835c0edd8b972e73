"""Display helpers for people. `contact` is the one place a restricted address or phone is
turned into 「（閲覧制限）」: it shows the value only when the view has marked the record
`contact_unmasked` (after checking the grant and auditing the unmasked view)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from kasane.people.models import MASK

register = template.Library()

CONTACT_FIELDS = {"address", "phone", "postal_code_display", "area", "full_address"}


@register.filter
def contact(record: object, name: str) -> object:
    if name not in CONTACT_FIELDS:
        raise template.TemplateSyntaxError(f"contact: unknown field {name}")
    if getattr(record, "contact_masked", False):  # lives with someone restricted
        return MASK
    # Fail closed: a record that does not say whether it is restricted is treated as restricted.
    if getattr(record, "is_restricted", True) and not getattr(record, "contact_unmasked", False):
        return MASK
    return getattr(record, name) or ""


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
