"""Every list to choose an area from reads in 地域コード order (issue 13, small things): the
町丁目 list was ordered by 表示順, which counts within each 地区, so the districts' towns were
interleaved (東町1丁目, 西町1丁目, …, 東町2丁目)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.organizations.models import Area, AreaKind
from kasane.people.forms import HouseholdForm, PersonForm
from tests.builders import demo_household
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _codes(choices) -> list[str]:
    ids = [int(str(value)) for value, _label in choices if value]
    by_id = dict(Area.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [by_id[pk] for pk in ids]


def _option_codes(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    ids = [int(value) for value in re.findall(r'<option value="(\d+)"', select.group(0))]
    by_id = dict(Area.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [by_id[pk] for pk in ids]


@pytest.mark.parametrize("form_class", [PersonForm, HouseholdForm])
def test_the_town_list_is_in_code_order(form_class) -> None:
    codes = _codes(form_class().fields["area"].choices)
    towns = Area.objects.filter(kind=AreaKind.TOWN, is_active=True).count()
    assert len(codes) == towns > 10
    assert codes == sorted(codes)


def test_the_person_form_offers_the_towns_in_code_order(houkatsu: User) -> None:
    codes = _option_codes(client_for(houkatsu).get("/people/new/").content.decode(), "area")
    assert codes and codes == sorted(codes)


def test_the_household_form_offers_the_towns_in_code_order(kosodate: User) -> None:
    household = demo_household("田中家")
    url = f"/households/{household.pk}/edit/"
    codes = _option_codes(client_for(kosodate).get(url).content.decode(), "area")
    assert codes and codes == sorted(codes)


def test_the_organization_form_offers_its_areas_in_code_order(admin_client: Client) -> None:
    page = admin_client.get("/manage/organizations/new/").content.decode()
    codes = _option_codes(page, "area")
    assert len(codes) > 5 and codes == sorted(codes)


def test_the_area_form_offers_parents_in_code_order(admin_client: Client) -> None:
    page = admin_client.get("/manage/areas/new/").content.decode()
    codes = _option_codes(page, "parent")
    assert len(codes) > 5 and codes == sorted(codes)


def test_an_inactive_area_is_not_offered() -> None:
    town = Area.objects.filter(kind=AreaKind.TOWN).order_by("code").first()
    Area.objects.filter(pk=town.pk).update(is_active=False)
    assert town.code not in _codes(PersonForm().fields["area"].choices)
