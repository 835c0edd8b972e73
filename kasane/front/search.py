"""The search box in the header: people by name or kana, and cases by number, within what the
user may open. People come from the people search (`search_people`, the same index, scope and
"known elsewhere" rule); a case number finds a case only when the user may open it, and a
number the user may not open reads as not found."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.people.selectors import PersonCriteria, SearchPage, search_people

MAX_LENGTH = 50
SUGGESTIONS = 8  # people listed under the box as the user types
# 「12」「１２」「ケース番号12」「No.12」「#12」: up to 9 digits (no overflow on any database).
_CASE_NUMBER = re.compile(r"^(?:ケース番号|ケース|no\.?|#)?\s*(\d{1,9})$", re.IGNORECASE)


@dataclass
class HeaderSearch:
    query: str
    case_number: int | None = None
    case: Case | None = None
    people: SearchPage | None = None


def case_number(query: str) -> int | None:
    """The case number typed, if the query is one."""
    match = _CASE_NUMBER.match(unicodedata.normalize("NFKC", query).strip())
    return int(match.group(1)) if match else None


def header_search(user: User, query: str, *, limit: int | None = None) -> HeaderSearch:
    """A number looks up that case; anything else searches people by name and kana (the first
    `limit` of them, when given)."""
    # A NUL byte cannot reach PostgreSQL (the fuzz test sends one): a search box never needs it.
    query = query.replace("\x00", "").strip()[:MAX_LENGTH]
    result = HeaderSearch(query=query)
    if (number := case_number(query)) is not None:
        result.case_number = number
        result.case = (
            access.cases_for_user(user).select_related("main_person").filter(pk=number).first()
        )
    elif not (criteria := PersonCriteria(name=query)).is_empty:
        result.people = search_people(user, criteria)
        if limit is not None:
            result.people.people = result.people.people[:limit]
    return result
