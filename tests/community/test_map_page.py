"""The map page (community:map): one path per area with its title, the table beside it with
the same values, hidden counts hatched and never printed (nor their rate), no outside URL,
a constant number of queries, and an audit row per view."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community.models import AreaBoundary, AreaFigures
from kasane.core.japanese import fiscal_year
from kasane.intake.areas import place_consultation
from kasane.intake.models import Consultation
from kasane.organizations.models import Area, AreaKind
from kasane.people.models import Person
from kasane.resources.models import Service
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def _year() -> int:
    """The oldest year the form offers: no demo record falls in it."""
    return fiscal_year(timezone.localdate()) - 4


def _consult(town: str, count: int) -> None:
    houkatsu = User.objects.get(username="houkatsu")
    area = Area.objects.get(name=town)
    for n in range(count):
        person = Person.objects.create(
            organization=houkatsu.organization, family_name="地図", given_name=f"{n}", area=area
        )
        # Created directly, so placed as consultation_create places it.
        consultation = Consultation(
            organization=houkatsu.organization,
            worker=houkatsu,
            received_at=dt.datetime(_year(), 6, 1, 10, tzinfo=TOKYO),
            route="phone",
            consulter_relation="self",
            person=person,
            summary="地図の確かめ",
            consent="unknown",
            outcome="handled",
        )
        place_consultation(consultation)
        consultation.save()


@pytest.fixture
def figures(coordinator: User) -> None:
    """Every 町丁目 has 1,000 residents, 300 of them 65 or over; 旭町1丁目 has 2,000."""
    for town in Area.objects.filter(kind=AreaKind.TOWN):
        population = 2000 if town.name == "旭町1丁目" else 1000
        AreaFigures.objects.create(
            area=town,
            year=_year(),
            population=population,
            aged_65=population * 3 // 10,
            aged_75=100,
            households=400,
            single_elderly_households=50,
            children=100,
            entered_by=coordinator,
        )


@pytest.fixture
def counted(figures: None) -> None:
    """東 12, 西 7, 南 3 (5未満, so 西 is hidden too: 秘匿), 北 none."""
    _consult("旭町1丁目", 12)
    _consult("西町1丁目", 7)
    _consult("南町1丁目", 3)


def _url(**query: str) -> str:
    query = {"year": str(_year()), "level": "sphere", "figure": "consultations", **query}
    return reverse("community:map") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def _svg(html: str) -> str:
    start = html.index("<svg xmlns")
    return html[start : html.index("</svg>", start)]


def _table_rows(html: str) -> dict[str, list[str]]:
    table = html[html.index('id="map-table-title"') :]
    rows = re.findall(r'<tr><th scope="row" data-label="地域">(.*?)</tr>', table, re.S)
    found = {}
    for row in rows:
        name = re.sub(r"<.*", "", row, flags=re.S).strip()
        found[name] = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
    return found


def test_one_path_per_area_with_its_title_and_the_table_says_the_same(
    counted: None, csw: User
) -> None:
    html = client_for(csw).get(_url()).content.decode()
    svg = _svg(html)
    paths = re.findall(
        r'<path class="map-area ([\w-]+)" d="[^"]+"><title>(.*?)</title></path>', svg
    )
    assert [title.split("：")[0] for _, title in paths] == ["東圏域", "西圏域", "南圏域", "北圏域"]
    rows = _table_rows(html)
    for _, title in paths:
        name, value = title.split("：")
        assert rows[name][0] == value
    # 東: 12 of 5,000+ residents (旭地区 and 桜台地区: 8 町丁目, one of them 2,000).
    assert rows["東圏域"] == ["1.3", "12", "9000人"]
    assert rows["北圏域"] == ["0.0", "0", "5000人"]
    assert 'role="img"' in svg and "<desc" in svg


def test_hidden_counts_are_hatched_and_never_printed_nor_their_rate(
    counted: None, chiiki: User
) -> None:
    html = client_for(chiiki).get(_url()).content.decode()
    svg = _svg(html)
    classes = dict(
        (title.split("：")[0], css)
        for css, title in re.findall(
            r'<path class="map-area ([\w-]+)" d="[^"]+"><title>(.*?)</title>', svg
        )
    )
    assert classes["南圏域"] == classes["西圏域"] == "map-hidden"
    assert classes["東圏域"].startswith("map-class-")
    rows = _table_rows(html)
    assert rows["南圏域"][:2] == ["5未満", "5未満"]
    assert rows["西圏域"][:2] == ["秘匿", "秘匿"]
    # The rates of 3 and 7 among 11,000 and 5,000 residents appear nowhere.
    titles = re.findall(r"<title>(.*?)</title>", svg)
    shown = [cell for row in rows.values() for cell in row] + titles
    assert not {"0.3", "1.4"} & {text.split("：")[-1] for text in shown}
    assert "件数を伏せた地域" in html  # the legend says what the hatching means


def test_the_svg_names_no_outside_address(counted: None, csw: User) -> None:
    for query in [{}, {"level": "town", "figure": "resources", "points": "on"}]:
        svg = _svg(client_for(csw).get(_url(**query)).content.decode())
        addresses = re.findall(r"https?://[^\s\"'<>]+", svg)
        assert addresses == ["http://www.w3.org/2000/svg"]


def test_every_town_is_drawn_and_resources_are_points_that_can_be_hidden(csw: User) -> None:
    client = client_for(csw)
    html = client.get(_url(level="town", figure="resources", points="on")).content.decode()
    svg = _svg(html)
    assert svg.count('<path class="map-area') == 29
    points = re.findall(r'<circle class="map-point"[^>]*><title>(.+?)</title>', svg)
    assert points and any("介護者カフェ「ほっと」" in title for title in points)
    rows = _table_rows(html)
    assert rows["緑ヶ丘1丁目"][0] != "0"
    svg = _svg(client.get(_url(level="town", figure="resources")).content.decode())
    assert "<circle" not in svg


def test_the_aging_rate_is_65_and_over_per_population(figures: None, csw: User) -> None:
    rows = _table_rows(client_for(csw).get(_url(level="district", figure="aging")).content.decode())
    assert rows["旭地区"][0] == "30.0"
    assert len(rows) == 8


def test_a_sphere_without_its_own_boundary_is_drawn_as_its_towns(csw: User) -> None:
    html = client_for(csw).get(_url()).content.decode()
    path = re.search(r'd="([^"]+)"><title>東圏域', _svg(html)).group(1)
    assert path.count("M") == 8  # its 8 町丁目


def test_queries_do_not_grow_with_consultations_or_areas(figures: None, csw: User) -> None:
    client = client_for(csw)
    _consult("旭町1丁目", 1)
    few = queries_for(client, _url())
    towns = queries_for(client, _url(level="town", points="on"))
    _consult("旭町2丁目", 20)
    _consult("北町1丁目", 9)
    assert queries_for(client, _url()) == few
    assert queries_for(client, _url(level="town", points="on")) == towns
    assert few <= 15, few


def test_each_view_is_audited(csw: User) -> None:
    client_for(csw).get(_url(level="district", figure="cases"))
    event = AuditEvent.objects.filter(actor=csw).latest("pk")
    assert event.action == "community.map_view"
    assert event.details == {"fiscal_year": _year(), "level": "district", "figure": "cases"}


def test_an_invalid_choice_shows_the_message_and_no_map(csw: User) -> None:
    client = client_for(csw)
    before = AuditEvent.objects.filter(actor=csw).count()
    response = client.get(_url(level="galaxy"))
    assert response.status_code == 200
    assert "map" not in response.context
    assert AuditEvent.objects.filter(actor=csw).count() == before


def test_the_loader_link_is_for_coordinators(csw: User, coordinator: User) -> None:
    link = reverse("community:map_boundaries")
    assert link not in client_for(csw).get(reverse("community:map")).content.decode()
    assert link in client_for(coordinator).get(reverse("community:map")).content.decode()


def test_queries_do_not_grow_with_areas(csw: User, coordinator: User) -> None:
    client = client_for(csw)
    url = _url(level="town", figure="cases", points="on")
    before = queries_for(client, url)
    district = Area.objects.get(name="旭地区")
    for n in range(3):
        town = Area.objects.create(
            name=f"新町{n + 1}丁目", kind=AreaKind.TOWN, parent=district, code=f"01-01-9{n}"
        )
        lon = 139.40 + n * 0.01
        square = [[lon, 35.5], [lon + 0.01, 35.5], [lon + 0.01, 35.51], [lon, 35.51], [lon, 35.5]]
        AreaBoundary.objects.create(
            area=town,
            geometry={"type": "Polygon", "coordinates": [square]},
            loaded_by=coordinator,
        )
    assert queries_for(client, url) == before
    assert client.get(url).content.decode().count('<path class="map-area') == 32


def test_a_place_name_is_escaped_in_its_point(csw: User) -> None:
    service = Service.objects.get(name="介護者カフェ「ほっと」")
    Service.objects.filter(pk=service.pk).update(name="<b>ほっと</b> & カフェ")
    svg = _svg(client_for(csw).get(_url(level="town", points="on")).content.decode())
    assert "&lt;b&gt;ほっと&lt;/b&gt; &amp; カフェ" in svg
    assert "<b>" not in svg
