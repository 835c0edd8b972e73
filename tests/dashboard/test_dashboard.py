"""The dashboard (issue 18): a variant per role. The city's numbers are the catalogue entries'
counts, an organisation's are the records behind them it may see (no other organisation's), the
community figures keep the small-count suppression, and referrers, guests and auditors get 404.
Every chart is an SVG with a title and a description beside a table of the same numbers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kasane import access
from kasane.access import DashboardVariant
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community.counts import counts_by_category
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.dashboard import selectors
from kasane.intake.models import Consultation
from kasane.plan.catalogue import BY_CODE, ENTRIES, year_span
from kasane.plan.models import Indicator
from tests.builders import today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/dashboard/"


def _year() -> int:
    return fiscal_year(today())


def _figures(response) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        figure.entry.code: figure.value
        for program in response.context["programs"]
        for figure in program.figures
    }


def test_the_url_is_named() -> None:
    assert reverse("dashboard:home") == URL


@pytest.mark.parametrize("username", ["coordinator", "admin"])
def test_it_shows_every_catalogue_count_of_the_city(username: str) -> None:
    response = client_for(User.objects.get(username=username)).get(URL)
    assert response.status_code == 200
    span = year_span(_year())
    assert _figures(response) == {entry.code: entry.count(span) for entry in ENTRIES}
    consultations = BY_CODE["consultations"].count(span)
    assert re.search(rf'id="entry-consultations">.*?>{consultations}件<', response.text, re.DOTALL)


def test_a_coordinator_s_numbers_open_the_indicator_and_its_records(coordinator: User) -> None:
    indicator = Indicator.objects.filter(code="consultations").order_by("pk").first()
    assert indicator is not None
    response = client_for(coordinator).get(URL)
    year = _year()
    assert f'href="{reverse("plans:indicator", args=[indicator.pk])}?year={year}"' in response.text
    records = reverse("plans:indicator_records", args=[indicator.pk])
    assert f'href="{records}?year={year}"' in response.text


def test_an_admin_gets_the_totals_without_any_list_of_records(admin: User) -> None:
    response = client_for(admin).get(URL)
    assert response.context["variant"] == DashboardVariant.TOTALS
    assert "/records/" not in response.text
    assert "plans/indicators/" in response.text  # the indicator pages are the admin's too


def test_the_targets_are_shown_with_the_entries_counts(coordinator: User) -> None:
    response = client_for(coordinator).get(URL)
    rows = response.context["progress"]
    assert rows
    span = year_span(_year())
    for row in rows:
        if row.indicator.code:
            assert row.actual == BY_CODE[row.indicator.code].count(span)


def test_the_trends_add_up_to_the_year(coordinator: User) -> None:
    response = client_for(coordinator).get(URL)
    span = year_span(_year())
    trends = response.context["trends"]
    assert [trend.entry.code for trend in trends] == list(selectors.TREND_CODES)
    for trend in trends:
        assert trend.total == trend.entry.count(span)


@pytest.mark.parametrize("username", ["houkatsu", "outsider", "csw", "sanka"])
def test_an_organisation_sees_the_records_behind_each_number_it_may_see(username: str) -> None:
    user = User.objects.get(username=username)
    response = client_for(user).get(URL)
    assert response.context["variant"] == DashboardVariant.ORGANIZATION
    span = year_span(_year())
    shown = _figures(response)
    for entry in ENTRIES:
        if entry.code in shown:
            assert shown[entry.code] == entry.visible(user, span).count()
    assert not any(code.startswith("community_") for code in shown)


def test_an_organisation_s_dashboard_counts_no_other_organisation_s_records(
    houkatsu: User, outsider: User, coordinator: User
) -> None:
    """A consultation of 東地域包括 moved to 西地域包括 leaves 東's count and joins 西's; the
    city's count does not move."""
    span = year_span(_year())
    mine = BY_CODE["consultations"].visible(houkatsu, span).first()
    assert mine is not None
    before = {
        user.username: _figures(client_for(user).get(URL))["consultations"]
        for user in (houkatsu, outsider, coordinator)
    }
    Consultation.objects.filter(pk=mine.pk).update(organization=outsider.organization)
    after = {
        user.username: _figures(client_for(user).get(URL))["consultations"]
        for user in (houkatsu, outsider, coordinator)
    }
    assert after["houkatsu"] == before["houkatsu"] - 1
    assert after["outsider"] == before["outsider"] + 1
    assert after["coordinator"] == before["coordinator"]


def test_an_organisation_sees_its_open_work(houkatsu: User) -> None:
    response = client_for(houkatsu).get(URL)
    workload = response.context["workload"]
    open_cases = access.cases_for_user(houkatsu).exclude(
        status__in=["closed", "suspended", "not_eligible"]
    )
    assert workload.open_cases.value == open_cases.count()
    assert f'id="open-cases"><a href="/cases/">{workload.open_cases.label}' in response.text


def test_a_community_worker_sees_the_community_figures_suppressed(chiiki: User) -> None:
    response = client_for(chiiki).get(URL)
    assert response.context["variant"] == DashboardVariant.COMMUNITY
    community = response.context["community"]
    area = community.area
    assert area is not None and area == chiiki.organization.area
    raw = counts_by_category("consultations", area, [_year()])
    small = [n for n in raw.values() if 0 < n < 5]
    assert small, "the demo's area has a small count to hide"
    counts, chart = community.tables[0]
    cells = [row.cells[0] for row in counts.table.rows]
    assert all(cell.hidden for cell in cells if cell.value is None)
    assert all(cell.value is None or cell.value == 0 or cell.value >= 5 for cell in cells)
    assert all(bar.width == 0 for bar, cell in zip(chart.bars, cells, strict=True) if cell.hidden)
    assert "5未満" in response.text
    assert "/records/" not in response.text and "plans/" not in response.text


@pytest.mark.parametrize("username", ["zeimu", "keisatsu", "kansa"])
def test_referrers_guests_and_auditors_get_404_unaudited(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    before = AuditEvent.objects.filter(actor__username=username).count()
    response = client.get(URL)
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor__username=username).count() == before


def test_every_role_with_a_dashboard_role_has_a_variant() -> None:
    for user in User.objects.filter(is_active=True):
        assert access.may_see_dashboard(user) == access.has_role(user, *access.DASHBOARD_ROLES)


def test_a_user_with_two_roles_chooses_the_variant(chiiki: User) -> None:
    from kasane.accounts.models import UserRole
    from kasane.accounts.roles import Role

    UserRole.objects.create(user=chiiki, role=Role.CONSULTANT)
    chiiki = User.objects.get(pk=chiiki.pk)
    client = client_for(chiiki)
    assert client.get(URL).context["variant"] == DashboardVariant.ORGANIZATION
    response = client.get(URL, {"view": "community"})
    assert response.context["variant"] == DashboardVariant.COMMUNITY
    assert client.get(URL, {"view": "city"}).context["variant"] == DashboardVariant.ORGANIZATION
    assert 'aria-current="page">地域づくり' in response.text


@pytest.mark.parametrize("username", ["coordinator", "admin", "chiiki"])
def test_every_chart_has_a_title_a_description_and_a_table(username: str) -> None:
    text = client_for(User.objects.get(username=username)).get(URL).text
    charts = re.findall(r"<svg role=\"img\"[^>]*>(.*?)</svg>", text, re.DOTALL)
    assert charts
    for chart in charts:
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title>", chart)
        assert re.search(r"<desc id=\"[^\"]+\">[^<]+</desc>", chart)
    assert text.count('<div class="chart-with-table">') == len(charts)
    blocks = text.split('<div class="chart-with-table">')[1:]
    assert all("<table" in block.split("</svg>", 1)[1][:3000] for block in blocks)
    assert "<script" not in text.split("<main", 1)[1]


def test_the_year_chooser_shows_an_earlier_year(coordinator: User) -> None:
    year = _year() - 1
    response = client_for(coordinator).get(URL, {"year": year})
    assert fiscal_year_label(year) in response.text
    span = year_span(year)
    assert _figures(response)["consultations"] == BY_CODE["consultations"].count(span)


def test_an_invalid_year_shows_no_figures(coordinator: User) -> None:
    response = client_for(coordinator).get(URL, {"year": "1900"})
    assert response.status_code == 200
    assert "programs" not in response.context


@pytest.mark.parametrize(
    ("username", "shown"), [("coordinator", True), ("chiiki", True), ("zeimu", False)]
)
def test_the_menu_and_the_home_page_link_it_for_those_who_have_it(
    username: str, shown: bool
) -> None:
    text = client_for(User.objects.get(username=username)).get("/").text
    assert (f'href="{URL}"' in text) is shown


# The city: one count per catalogue entry (24, and one more for the sheets in time), the
# indicators, the targets and manual figures, and the monthly trends of TREND_CODES (one
# grouped query each, `Entry.months`).
# An organisation: one count per entry it may see, and its open work. Community: the figures
# and the area's two suppressed tables.
@pytest.mark.parametrize(
    ("username", "most"),
    [("coordinator", 35), ("admin", 35), ("houkatsu", 28), ("sanka", 28), ("chiiki", 22)],
)
def test_each_variant_takes_a_fixed_number_of_queries(
    username: str, most: int, django_assert_max_num_queries
) -> None:
    client = client_for(User.objects.get(username=username))
    client.get(URL)
    with django_assert_max_num_queries(most):
        assert client.get(URL).status_code == 200
