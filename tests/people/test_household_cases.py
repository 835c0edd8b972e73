"""The household page links to its cases (issue 13, dead ends): the cases the viewer may see,
with their status, and no others; in a fixed number of queries."""

from __future__ import annotations

import re

import pytest

from kasane.accounts.models import User
from tests.builders import demo_case, demo_household, open_case
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _case_links(page: str) -> list[str]:
    return re.findall(r'href="/cases/(\d+)/"', page)


def test_the_household_page_links_to_its_case_with_its_status(kosodate: User) -> None:
    case = demo_case("田中家")
    page = client_for(kosodate).get(f"/households/{case.household_id}/").content.decode()
    assert _case_links(page) == [str(case.pk)]
    assert f"田中家（ケース番号 {case.pk}）" in page
    assert case.get_status_display() in page


def test_it_lists_only_the_cases_the_viewer_may_see(kosodate: User, coordinator: User) -> None:
    household = demo_household("田中家")
    shown = demo_case("田中家")
    hidden = open_case(coordinator, "田中家")  # led by 重層的支援推進課, kosodate not on its team
    kosodate_page = client_for(kosodate).get(f"/households/{household.pk}/").content.decode()
    assert str(hidden.pk) not in _case_links(kosodate_page)
    coordinator_page = client_for(coordinator).get(f"/households/{household.pk}/").content.decode()
    assert set(_case_links(coordinator_page)) == {str(hidden.pk), str(shown.pk)}


def test_the_household_page_takes_the_same_queries_however_many_cases(
    coordinator: User,
) -> None:
    client = client_for(coordinator)
    household = demo_household("田中家")
    before = queries_for(client, f"/households/{household.pk}/")
    for _ in range(3):
        open_case(coordinator, "田中家")
    assert queries_for(client, f"/households/{household.pk}/") == before
