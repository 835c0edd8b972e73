"""成果目標 (issue 18): the catalogue of counts (one function per count; the number equals the
length of its list), the fiscal-year boundary in Japan time, the indicator pages and the
drill-down list (the record rules on top: admins get the number without the list), audited."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError
from kasane.demo.city import plan as story
from kasane.demo.load.plan import load_plan
from kasane.intake.models import Consultation
from kasane.meetings.models import Meeting
from kasane.participation.models import Match
from kasane.plan import catalogue, indicator_services
from kasane.plan.catalogue import ENTRIES, Entry, month_spans, year_span
from kasane.plan.models import Indicator, IndicatorTarget, ManualFigure
from tests.builders import today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
# Every record of the demo: from long before the plan to a year ahead.
EVERYTHING = (dt.date(2000, 4, 1), today() + dt.timedelta(days=366))


def _settle_a_match() -> None:
    """The demo's story has no 定着 yet: the first started match is settled today."""
    match = Match.objects.filter(started_on__isnull=False).order_by("pk")[0]
    Match.objects.filter(pk=match.pk).update(settled_on=today())


# Entries the demo's story has no record for: the test builds one first.
BUILD = {"participation_settled": _settle_a_match}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.code)
def test_each_count_equals_the_length_of_its_list(entry: Entry, coordinator):
    if entry.code in BUILD:
        BUILD[entry.code]()
    number = entry.count(EVERYTHING)
    listed = entry.visible(coordinator, EVERYTHING)
    assert number == listed.count() == len(list(listed))
    assert number > 0, f"{entry.code}: no record behind this count to check its list against"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.code)
def test_the_page_shows_the_number_and_the_same_number_of_rows(entry: Entry, coordinator):
    indicator = Indicator.objects.create(label=entry.label, code=entry.code)
    this_year = catalogue.year_span(_this_year())
    number = entry.count(this_year)
    response = client_for(coordinator).get(reverse("plans:indicator_records", args=[indicator.pk]))
    assert response.status_code == 200
    assert f"実績 <strong>{number}{indicator.unit}</strong>" in response.text
    page = response.context["page"]
    assert page.paginator.count == number
    assert len(response.context["rows"]) == min(number, page.paginator.per_page)


def _this_year() -> int:
    from kasane.core.japanese import fiscal_year

    return fiscal_year(today())


def test_a_record_at_2330_on_31_march_counts_in_the_year_that_ends_then():
    consultation = Consultation.objects.order_by("pk")[0]
    Consultation.objects.filter(pk=consultation.pk).update(
        received_at=dt.datetime(2025, 3, 31, 23, 30, tzinfo=TOKYO)
    )
    assert catalogue.consultations(year_span(2024)).filter(pk=consultation.pk).exists()
    assert not catalogue.consultations(year_span(2025)).filter(pk=consultation.pk).exists()
    assert catalogue.consultations(month_spans(2024)[-1]).filter(pk=consultation.pk).exists()
    Consultation.objects.filter(pk=consultation.pk).update(
        received_at=dt.datetime(2025, 4, 1, 0, 0, tzinfo=TOKYO)
    )
    assert not catalogue.consultations(year_span(2024)).filter(pk=consultation.pk).exists()
    assert catalogue.consultations(year_span(2025)).filter(pk=consultation.pk).exists()


def test_a_meeting_at_2330_on_31_march_counts_in_the_year_that_ends_then():
    meeting = catalogue.meetings_held(EVERYTHING).order_by("pk")[0]
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=dt.datetime(2025, 3, 31, 23, 30, tzinfo=TOKYO)
    )
    assert catalogue.meetings_held(year_span(2024)).filter(pk=meeting.pk).exists()
    assert not catalogue.meetings_held(year_span(2025)).filter(pk=meeting.pk).exists()


def test_the_months_of_a_year_run_april_to_march():
    months = month_spans(2025)
    assert months[0] == (dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert months[10] == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert months[-1] == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_the_demo_plan_has_indicators_for_every_program_with_targets():
    indicators = Indicator.objects.filter(plan__title=story.PLAN_TITLE)
    programs = {
        catalogue.BY_CODE[code].program
        for code in indicators.exclude(code="").values_list("code", flat=True)
    }
    assert programs == {entry.program for entry in ENTRIES}
    for indicator in indicators:
        assert indicator.targets.count() == 5
    manual = indicators.get(code="")
    assert set(manual.figures.values_list("fiscal_year", flat=True)) == {2024, 2025}


def test_loading_the_demo_again_changes_nothing():
    counts = lambda: (  # noqa: E731
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
        ManualFigure.objects.count(),
    )
    before = counts()
    from django.utils import timezone

    load_plan(timezone.now())
    assert counts() == before


def test_the_list_shows_this_years_target_and_actual(coordinator):
    response = client_for(coordinator).get(reverse("plans:indicators"))
    assert response.status_code == 200
    assert "相談件数" in response.text
    assert "協力企業・団体" in response.text


def test_the_indicator_page_shows_targets_actuals_the_trend_and_the_chart(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    response = client_for(coordinator).get(reverse("plans:indicator", args=[indicator.pk]))
    assert response.status_code == 200
    text = response.text
    assert "令和6年度" in text and "令和10年度" in text
    assert '<title id="chart-title">' in text and '<desc id="chart-desc">' in text
    bars = response.context["bars"]
    assert len(bars) == 12
    year = response.context["year"]
    assert sum(bar.value for bar in bars) == catalogue.BY_CODE["consultations"].count(
        year_span(year)
    )


def test_the_indicator_page_and_the_list_take_a_fixed_number_of_queries(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    client = client_for(coordinator)
    page = queries_for(client, reverse("plans:indicator", args=[indicator.pk]))
    records = queries_for(client, reverse("plans:indicator_records", args=[indicator.pk]))
    for _ in range(30):
        Consultation.objects.create(
            **{
                field.name: getattr(Consultation.objects.order_by("pk")[0], field.name)
                for field in Consultation._meta.concrete_fields
                if field.name not in {"id", "created_at", "updated_at"}
            }
            | {"received_at": dt.datetime.now(TOKYO)}
        )
    assert queries_for(client, reverse("plans:indicator", args=[indicator.pk])) == page
    assert queries_for(client, reverse("plans:indicator_records", args=[indicator.pk])) == records
    assert page <= 30 and records <= 20


def test_the_drill_down_list_is_audited_with_the_people_it_showed(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    url = reverse("plans:indicator_records", args=[indicator.pk])
    response = client_for(coordinator).get(url + f"?year={_this_year()}")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="plan.indicator_records").latest("pk")
    assert event.actor == coordinator
    assert event.details["code"] == "consultations"
    shown = {record.person_id for record in response.context["page"].object_list} - {None}
    assert set(event.people.values_list("person_id", flat=True)) == shown


def test_admins_get_the_number_without_the_list_and_nothing_audited(admin):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    before = AuditEvent.objects.filter(action="plan.indicator_records").count()
    response = client_for(admin).get(reverse("plans:indicator_records", args=[indicator.pk]))
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "あなたの役割では一覧で見られません" in response.text
    assert AuditEvent.objects.filter(action="plan.indicator_records").count() == before


@pytest.mark.parametrize("username", ["outsider", "zeimu", "chiiki", "kansa"])
def test_the_drill_down_list_is_404_for_others(username, django_user_model):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    user = django_user_model.objects.get(username=username)
    url = reverse("plans:indicator_records", args=[indicator.pk])
    assert client_for(user).get(url).status_code == 404


def test_a_manual_indicator_has_no_list(coordinator):
    manual = Indicator.objects.get(code="", plan__title=story.PLAN_TITLE)
    url = reverse("plans:indicator_records", args=[manual.pk])
    assert client_for(coordinator).get(url).status_code == 404


def test_targets_and_manual_figures_are_recorded_with_who_and_when(coordinator):
    manual = Indicator.objects.get(code="", plan__title=story.PLAN_TITLE)
    client = client_for(coordinator)
    response = client.post(
        reverse("plans:indicator_figure", args=[manual.pk]),
        {"fiscal_year": "2026", "value": "8", "note": "年度末の確認"},
    )
    assert response.status_code == 302
    figure = ManualFigure.objects.get(indicator=manual, fiscal_year=2026)
    assert (figure.value, figure.entered_by) == (8, coordinator)
    assert AuditEvent.objects.filter(action="plan.indicator_figure", actor=coordinator).exists()
    response = client.post(
        reverse("plans:indicator_target", args=[manual.pk]), {"fiscal_year": "2026", "value": "10"}
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(indicator=manual, fiscal_year=2026).value == 10


def test_bad_input_changes_nothing(coordinator):
    manual = Indicator.objects.get(code="", plan__title=story.PLAN_TITLE)
    client = client_for(coordinator)
    response = client.post(
        reverse("plans:indicator_target", args=[manual.pk]), {"fiscal_year": "2026", "value": "-1"}
    )
    assert response.status_code == 400
    assert not IndicatorTarget.objects.filter(indicator=manual, value=-1).exists()
    response = client.post(
        reverse("plans:indicator_create"),
        {"label": "手入力なのに定義なし", "code": "", "unit": "件", "definition": "", "order": "0"},
    )
    assert response.status_code == 400
    assert not Indicator.objects.filter(label="手入力なのに定義なし").exists()
    coded = Indicator.objects.exclude(code="").first()
    with pytest.raises(DomainError):
        indicator_services.figure_set(
            actor=coordinator, indicator=coded, fiscal_year=2025, value=1, note=""
        )
    # The figure form of a counted indicator does not exist.
    url = reverse("plans:indicator_figure", args=[coded.pk])
    assert client.get(url).status_code == 404


def test_an_indicator_is_created_from_the_catalogue_and_audited(coordinator):
    response = client_for(coordinator).post(
        reverse("plans:indicator_create"),
        {"label": "訪問", "code": "outreach_visits", "unit": "件", "definition": "", "order": "3"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(label="訪問")
    assert indicator.code == "outreach_visits"
    event = AuditEvent.objects.filter(action="plan.indicator_save").latest("pk")
    assert event.details["code"] == "outreach_visits"
