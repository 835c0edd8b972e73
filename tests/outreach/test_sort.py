"""町丁目順: the watch list sorts by the 地域コード of each target's 町丁目 (the target's own
area, else the area of the household the person lives in, else the person's), then by the next
contact date; the keyset pages follow that order; a home under 閲覧制限, or a person whose record
is not shared with the user, gives no 町丁目 (it sorts last and shows none)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from kasane.organizations.models import Area
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person, next_page_url, today
from tests.conftest import client_for, queries_for
from tests.outreach.helpers import new_targets, unidentified

pytestmark = pytest.mark.django_db

BY_AREA = reverse("outreach:list") + "?stage=all&sort=area"


def _towns(count: int) -> list[Area]:
    return list(Area.objects.filter(kind="town", is_active=True).order_by("code")[:count])


def _spread(actor, count: int = 4) -> list[OutreachTarget]:
    """Unidentified targets in `count` towns registered in reverse 地域コード order, each with
    a next date earlier than the one before."""
    targets = []
    for n, town in enumerate(reversed(_towns(count))):
        targets.append(
            unidentified(actor, area=town, next_contact_on=today() + dt.timedelta(days=9 - n))
        )
    return targets


def _listed(client, url: str) -> list[OutreachTarget]:
    return list(client.get(url).context["page"])


def test_it_sorts_by_the_town_code_then_the_next_date(csw, settings):
    settings.KASANE_PAGE_SIZE = 1000
    _spread(csw)
    rows = _listed(client_for(csw), BY_AREA)
    codes = [row.area_code for row in rows if row.area_code is not None]
    assert codes == sorted(codes)
    assert [row.area_code for row in rows[len(codes) :]] == [None] * (len(rows) - len(codes))
    for earlier, later in itertools.pairwise(rows):
        if earlier.area_code == later.area_code and later.next_contact_on:
            assert earlier.next_contact_on and earlier.next_contact_on <= later.next_contact_on
    mine = [row.pk for row in rows if row.pk in set(new_targets().values_list("pk", flat=True))]
    assert mine == list(new_targets().order_by("area__code").values_list("pk", flat=True))


def test_the_default_order_stays_the_next_date(csw, settings):
    settings.KASANE_PAGE_SIZE = 1000
    _spread(csw)
    rows = _listed(client_for(csw), reverse("outreach:list") + "?stage=all")
    dates = [row.next_contact_on for row in rows if row.next_contact_on]
    assert dates == sorted(dates)


def test_a_person_sorts_by_the_town_of_their_home(csw):
    yamamoto = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    row = next(row for row in _listed(client_for(csw), BY_AREA) if row.pk == yamamoto.pk)
    assert (row.area_name, row.area_code) == ("北町2丁目", Area.objects.get(name="北町2丁目").code)
    page = client_for(csw).get(BY_AREA).content.decode()
    assert "北町2丁目" in page and "町丁目の順" in page


def test_a_restricted_home_gives_no_town(jiritsu, coordinator):
    """佐藤 さくら is under 閲覧制限 (jiritsu is even granted her address): the list neither
    shows nor sorts by the town she lives in."""
    target = services.target_register(
        actor=jiritsu, source="direct", person=demo_person("佐藤 さくら"), noticed="気になる"
    )
    for user in (jiritsu, coordinator):
        response = client_for(user).get(BY_AREA)
        row = next(row for row in response.context["page"] if row.pk == target.pk)
        assert (row.area_code, row.area_name) == (None, None)
        assert "・南町9丁目" not in response.content.decode()  # not beside her name


def test_a_person_not_shared_gives_no_town(csw, coordinator):
    """csw visits 鈴木 一郎 without his consent: the list names him (as the 支援会議 decided) but
    tells csw nothing of where he lives; the coordinator, who oversees, sees his town."""
    ichiro = OutreachTarget.objects.get(person=demo_person("鈴木 一郎"))
    row = next(row for row in _listed(client_for(csw), BY_AREA) if row.pk == ichiro.pk)
    assert row.area_code is None
    row = next(row for row in _listed(client_for(coordinator), BY_AREA) if row.pk == ichiro.pk)
    assert row.area_name == "東町1丁目"


@pytest.mark.parametrize("sort", ["area", "next"])
def test_it_walks_both_orders_by_their_cursors(coordinator, sort, settings):
    _spread(coordinator, 5)
    client = client_for(coordinator)
    url = f"{reverse('outreach:list')}?stage=all&sort={sort}"
    settings.KASANE_PAGE_SIZE = 1000
    everything = [row.pk for row in _listed(client, url)]
    settings.KASANE_PAGE_SIZE = 3
    seen: list[int] = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        seen += [row.pk for row in response.context["page"]]
        next_url = next_page_url(response, reverse("outreach:list"))
        assert len(seen) <= len(everything)
    assert seen == everything


def test_the_sorted_list_queries_do_not_grow_with_rows(csw):
    _spread(csw, 2)
    client = client_for(csw)
    few = queries_for(client, BY_AREA)
    _spread(csw, 8)
    assert queries_for(client, BY_AREA) == few
