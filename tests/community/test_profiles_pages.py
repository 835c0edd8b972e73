"""地域づくり's home and the area profile pages: the tree of areas with their figures, the
links to the other community pages that exist, an area's figures (its own, or its 町丁目
summed, or partly summed with a note), its resources, its versions and its safe counts of
consultations and cases; constant query counts; every view audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community import profile_views, profiles
from kasane.community.models import AreaFigures
from kasane.community.profile_services import figures_save, profile_save, profile_version
from kasane.core.japanese import fiscal_year
from kasane.intake.areas import place_consultation
from kasane.intake.models import Consultation, ConsultationIssue
from kasane.organizations.models import Area
from kasane.people.models import Person
from tests.builders import demo_issue_code
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _area(name: str) -> Area:
    return Area.objects.get(name=name)


def _profile_url(name: str, year: int | None = None) -> str:
    url = reverse("community:profile", args=[_area(name).pk])
    return f"{url}?year={year}" if year else url


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _consult(town: Area, *, issue: str | None = "介護", at: dt.datetime | None = None) -> None:
    houkatsu = User.objects.get(username="houkatsu")
    person = Person.objects.create(
        organization=houkatsu.organization, family_name="集計", given_name="花子", area=town
    )
    # Created directly, so placed as consultation_create places it.
    consultation = Consultation(
        organization=houkatsu.organization,
        worker=houkatsu,
        received_at=at or timezone.now(),
        route="phone",
        consulter_relation="self",
        person=person,
        summary="集計の確かめ",
        consent="unknown",
        outcome="handled",
    )
    place_consultation(consultation)
    consultation.save()
    if issue:
        ConsultationIssue.objects.create(
            consultation=consultation, code=demo_issue_code(issue), is_main=True
        )


# --- Home ---


def test_the_home_shows_the_tree_with_population_and_aging_rate(chiiki):
    response = client_for(chiiki).get(reverse("community:home"))
    assert response.status_code == 200
    text = _text(response)
    for name in ("デモ市", "東圏域", "旭地区", "北圏域", "山手地区"):
        assert f'{_area(name).pk}/">{name}</a>' in text
    assert "旭町1丁目" not in text  # 町丁目 are on their 地区's page, not in the tree
    east = profiles.figures_by_year(_area("東圏域"), [2026])[0][2]
    assert f"{east.population:,}人" in text and east.aged_65_share in text
    assert AuditEvent.objects.filter(actor=chiiki, action="community.home").exists()


def test_the_home_links_only_the_community_pages_that_exist(chiiki, monkeypatch):
    monkeypatch.setattr(
        profile_views,
        "COMMUNITY_PAGES",
        (("まだない頁", "community:not_built_yet"), ("地域づくりの入口", "community:home")),
    )
    text = _text(client_for(chiiki).get(reverse("community:home")))
    assert "地域づくりの入口" in text
    assert "まだない頁" not in text


def test_the_home_does_not_grow_with_areas_or_figures(coordinator):
    client = client_for(coordinator)
    before = queries_for(client, reverse("community:home"))
    district = _area("山手地区")
    for number in range(1, 6):
        town = Area.objects.create(
            name=f"新町{number}丁目", kind="town", parent=district, code=f"04-02-9{number}"
        )
        AreaFigures.objects.create(
            area=town,
            year=2026,
            population=100,
            aged_65=30,
            aged_75=10,
            households=50,
            single_elderly_households=5,
            children=10,
            entered_by=coordinator,
        )
    assert queries_for(client, reverse("community:home")) == before


# --- Figures ---


def test_a_sphere_sums_its_towns_when_it_has_no_figures_of_its_own(houkatsu):
    figures = dict((year, f) for year, _, f in profiles.figures_by_year(_area("東圏域"), [2026]))
    towns = AreaFigures.objects.filter(area__code__startswith="01-", year=2026)
    assert towns.count() == 8
    assert figures[2026].population == sum(t.population for t in towns)
    assert figures[2026].source_label == "町丁目の合計"
    text = _text(client_for(houkatsu).get(_profile_url("東圏域", 2026)))
    assert "町丁目の合計" in text and f"{figures[2026].population:,}人" in text


def test_an_area_with_its_own_figures_shows_them(coordinator):
    district = _area("旭地区")
    figures_save(
        actor=coordinator,
        area=district,
        year=2026,
        population=9000,
        aged_65=2700,
        aged_75=1500,
        households=4300,
        single_elderly_households=600,
        children=1100,
    )
    ((_, _, found),) = profiles.figures_by_year(district, [2026])
    assert (found.population, found.source_label, found.aged_65_share) == (
        9000,
        "地域の数値",
        "30.0%",
    )


def test_missing_towns_give_a_partial_sum_with_a_note_and_no_rate(chiiki):
    AreaFigures.objects.filter(area__name="旭町3丁目", year=2026).delete()
    ((_, _, found),) = profiles.figures_by_year(_area("旭地区"), [2026])
    assert found.is_partial and (found.towns_counted, found.towns_total) == (4, 5)
    assert profiles.population_for_rates([(2026, "", found)]) == {}
    text = _text(client_for(chiiki).get(_profile_url("旭地区", 2026)))
    assert "一部の町丁目の数値がありません" in text


def test_the_city_sums_every_town_and_counts_every_area(coordinator):
    ((_, _, found),) = profiles.figures_by_year(_area("デモ市"), [2026])
    assert found.population == sum(
        AreaFigures.objects.filter(year=2026).values_list("population", flat=True)
    )
    _consult(_area("北町1丁目"), at=dt.datetime(2016, 6, 1, 10, tzinfo=dt.UTC))
    (table, _) = profiles.area_counts(_area("デモ市"), [2016], {})
    assert table.table.grand_total.label == "5未満"


# --- Counts ---


def test_small_counts_show_as_under_5_and_hide_their_rate(houkatsu):
    _consult(_area("旭町1丁目"), at=dt.datetime(2016, 6, 1, 10, tzinfo=dt.UTC))
    tables = profiles.area_counts(_area("旭地区"), [2015, 2016], {2015: 2000, 2016: 2000})
    consultations = tables[0]
    assert consultations.table.column_totals[1].label == "5未満"
    assert consultations.per_thousand == ["0.0", ""]  # a hidden total has no rate


def test_shown_counts_have_their_rate_per_thousand(houkatsu):
    for _ in range(6):
        _consult(_area("旭町2丁目"), at=dt.datetime(2016, 6, 1, 10, tzinfo=dt.UTC))
    consultations, _ = profiles.area_counts(_area("旭地区"), [2016], {2016: 3000})
    assert consultations.table.column_totals[0].label == "6"
    assert consultations.per_thousand == ["2.0"]


def test_the_page_explains_the_rule_and_shows_the_labels(chiiki, settings):
    settings.KASANE_MIN_CELL = 5
    text = _text(client_for(chiiki).get(_profile_url("東圏域")))
    assert "1〜4件は「5未満」と表示し" in text
    assert "「秘匿」" in text
    assert ">5未満<" in text


def test_the_profile_does_not_grow_with_consultations_cases_or_versions(coordinator):
    client = client_for(coordinator)
    urls = [_profile_url(name) for name in ("デモ市", "東圏域", "旭地区", "旭町1丁目")]
    before = [queries_for(client, url) for url in urls]
    for town in ("旭町1丁目", "旭町2丁目", "桜台1丁目", "北町2丁目"):
        for issue in ("介護", "経済的困窮", None):
            for _ in range(3):
                _consult(_area(town), issue=issue)
    for number in range(3):
        current = profiles.profile_versions(_area("東圏域"))[0]
        profile_save(
            actor=coordinator,
            area=_area("東圏域"),
            loaded_at=profile_version(current),
            strengths=f"強み{number}",
            issues="",
            vision="",
            vision_agreed_on=None,
            vision_agreed_at="",
        )
    assert [queries_for(client, url) for url in urls] == before


def test_the_profile_view_is_audited_with_its_year(chiiki):
    client_for(chiiki).get(_profile_url("東圏域", 2025))
    event = AuditEvent.objects.filter(actor=chiiki, action="community.profile_view").latest("pk")
    assert event.object_id == str(_area("東圏域").pk)
    assert event.details == {"fiscal_year": 2025}


def test_an_invalid_year_shows_the_message_and_no_counts(chiiki):
    response = client_for(chiiki).get(_profile_url("東圏域") + "?year=1900")
    assert response.status_code == 200
    assert "日々の相談と支援の件数" not in _text(response)


# --- Resources and versions ---


def test_the_profile_lists_the_active_resources_in_the_area(csw):
    text = _text(client_for(csw).get(_profile_url("旭地区")))
    assert "あさひ子ども食堂" in text
    west = _text(client_for(csw).get(_profile_url("西圏域")))
    assert "あさひ子ども食堂" not in west


def test_the_history_names_the_writer_and_organisation_only(houkatsu):
    text = _text(client_for(houkatsu).get(_profile_url("東圏域")))
    assert "木村 さとみ（生活支援コーディネーター 東圏域）" in text
    assert "chiiki" not in text  # no username, no more than name and organisation


def test_fiscal_year_defaults_to_this_one(chiiki):
    text = _text(client_for(chiiki).get(_profile_url("東圏域")))
    this_year = fiscal_year(timezone.localdate())
    assert f'<option value="{this_year}" selected>' in text


def test_the_city_rolls_up_every_area_although_its_code_begins_none():
    from kasane.community import counts

    city, north = _area("デモ市"), _area("北町1丁目")
    totals = counts.roll_up({north.pk: 3}, [city], Area.objects.all())
    assert totals == {city.pk: 3}
