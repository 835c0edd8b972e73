"""The area a case counts in: its household's 町丁目, else its main person's, stored on the
case when it is opened (the rule and its reason: `kasane.intake.areas`, `Case`'s docstring)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kasane.cases.models import Case
from kasane.intake.areas import fill_areas, place

# The migration 0007_fill_case_areas spells them too (a migration does not import the model).
HOLDERS = ("household", "main_person")


def place_case(case: Case) -> None:
    """Set the case's area from its household, else its main person (not saved)."""
    place(case, case.household, case.main_person)


def fill_case_areas(cases: QuerySet[Any]) -> int:
    """Place the cases by their household's (else main person's) current area: one UPDATE."""
    return fill_areas(cases, *HOLDERS)
