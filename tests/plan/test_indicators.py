"""成果目標 (issue 18): the catalogue of counts (one function per count; the number equals the
length of its list), the fiscal-year boundary in Japan time, the indicator pages and the
drill-down list (the record rules on top: admins get the number without the list), audited."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.cases import services as cases
from kasane.cases.models import Case, CaseStatus, ClosingReason, EvaluationDecision
from kasane.core.errors import DomainError
from kasane.demo.city import plan as story
from kasane.demo.load.plan import load_plan
from kasane.intake.models import Consultation
from kasane.meetings.models import Meeting
from kasane.participation.models import Match
from kasane.plan import catalogue, indicator_services
from kasane.plan.catalogue import ENTRIES, Entry, month_spans, year_span
from kasane.plan.models import Indicator, IndicatorTarget, ManualFigure
from tests.builders import case_in_support, today
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
    if entry.measure:  # a sum: the number is the sum of the measure over the list
        assert number == sum(getattr(record, entry.measure) for record in listed)
    else:
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
    listed = entry.records(this_year).count() if entry.measure else number
    assert page.paginator.count == listed
    assert len(response.context["rows"]) == min(listed, page.paginator.per_page)


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


# --- the entries added with the breakdowns (issue 18, the rest of the catalogue) ---


def test_the_community_entries_are_the_community_figures():
    from kasane.community import figures

    for year in (_this_year() - 1, _this_year()):
        span = year_span(year)
        assert catalogue.BY_CODE["community_places"].count(span) == figures.places_count(span)
        assert (
            catalogue.BY_CODE["community_participants"].count(span)
            == figures.participants(span).participants
        )
        assert (
            catalogue.BY_CODE["community_organizations"].count(span)
            == figures.organizations_taking_part(span).count()
        )


def test_a_partner_counts_only_with_a_match_going_on_in_the_span():
    from kasane.resources.models import ResourceOrganization

    entry = catalogue.BY_CODE["participation_partners"]
    partner = entry.records(EVERYTHING).order_by("pk")[0]
    first_match = Match.objects.filter(service__organization=partner).order_by("proposed_on")[0]
    before = (dt.date(2000, 4, 1), first_match.proposed_on - dt.timedelta(days=1))
    assert not entry.records(before).filter(pk=partner.pk).exists()
    ResourceOrganization.objects.filter(pk=partner.pk).update(is_partner=False)
    assert not entry.records(EVERYTHING).filter(pk=partner.pk).exists()


BROKEN_DOWN = [entry for entry in ENTRIES if entry.breakdowns]


@pytest.mark.parametrize("entry", BROKEN_DOWN, ids=lambda entry: entry.code)
def test_each_breakdown_sums_to_the_total_and_each_line_to_its_list(entry: Entry, coordinator):
    for span in (EVERYTHING, year_span(_this_year())):
        for breakdown in entry.breakdowns:
            groups = entry.breakdown(breakdown, span)
            assert sum(group.value for group in groups) == entry.count(span)
            for group in groups:
                listed = entry.visible(coordinator, span, f"{breakdown.code}.{group.key}")
                assert listed.count() == group.value, (breakdown.code, group)
    assert {entry.code for entry in BROKEN_DOWN} == {"consultations", "cases_closed"}


@pytest.mark.parametrize("entry", BROKEN_DOWN, ids=lambda entry: entry.code)
def test_a_breakdown_is_one_query(entry: Entry, django_assert_num_queries):
    for breakdown in entry.breakdowns:
        with django_assert_num_queries(1):
            groups = entry.breakdown(breakdown, EVERYTHING)
        assert [group for group in groups if group.value]


def test_closed_cases_by_reason_count_what_the_evaluation_or_the_meeting_chose(
    kosodate, coordinator
):
    entry = catalogue.BY_CODE["cases_closed"]
    reason = entry.breakdowns[0]

    def by_reason() -> dict[str, int]:
        return {g.key: g.value for g in entry.breakdown(reason, EVERYTHING) if g.value}

    before = by_reason()
    assert before and "none" not in before
    evaluated = case_in_support(kosodate, coordinator)
    cases.evaluation_record(
        actor=kosodate,
        case=evaluated,
        evaluated_on=today(),
        goal_attainment="partly",
        changes="市外へ転居した。",
        decision=EvaluationDecision.CLOSE,
        reason="転居先の窓口に引き継いだ。",
        items=[],
        closing_reason=ClosingReason.MOVED,
    )
    ended = case_in_support(kosodate, coordinator, "小川家")
    cases.case_end(  # what a 重層的支援会議's 終結の承認 calls
        actor=coordinator,
        case=ended,
        to_status=CaseStatus.CLOSED,
        ended_on=today(),
        closing_reason=ClosingReason.DIED,
        reason="逝去された。",
        meeting=Meeting.objects.order_by("pk")[0],
    )
    after = by_reason()
    for key, case in ((ClosingReason.MOVED.value, evaluated), (ClosingReason.DIED.value, ended)):
        assert after[key] == before.get(key, 0) + 1
        assert entry.visible(coordinator, EVERYTHING, f"reason.{key}").filter(pk=case.pk).exists()
    assert sum(after.values()) == entry.count(EVERYTHING)
    # A case closed with no reason on record (before the case kept one) is its own line.
    Case.objects.filter(pk=ended.pk).update(closing_reason="")
    assert by_reason().get("none") == 1
    assert list(entry.visible(coordinator, EVERYTHING, "reason.none")) == [ended]


def test_the_indicator_page_shows_the_breakdowns_linked_to_their_lists(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    response = client_for(coordinator).get(reverse("plans:indicator", args=[indicator.pk]))
    assert "相談経路別の内訳" in response.text and "窓口別の内訳" in response.text
    number = catalogue.BY_CODE["consultations"].count(year_span(response.context["year"]))
    for breakdown, groups in response.context["breakdowns"]:
        assert sum(group.value for group in groups) == number
        for group in groups:
            if group.value:
                assert f"group={breakdown.code}.{group.key}" in response.text


def test_the_list_of_one_group_shows_its_number_and_its_records_audited(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    entry = catalogue.BY_CODE["consultations"]
    span = year_span(_this_year())
    route = next(g for g in entry.breakdown(entry.breakdowns[1], span) if g.value)
    url = reverse("plans:indicator_records", args=[indicator.pk])
    response = client_for(coordinator).get(url, {"group": f"route.{route.key}"})
    assert response.status_code == 200
    assert f"相談経路別：{route.label}" in response.text
    assert f"実績 <strong>{route.value}件</strong>" in response.text
    assert response.context["page"].paginator.count == route.value
    assert {record.route for record in response.context["page"].object_list} == {route.key}
    event = AuditEvent.objects.filter(action="plan.indicator_records").latest("pk")
    assert event.details["group"] == f"route.{route.key}"
    # A group this entry does not have: the whole list, said as such.
    response = client_for(coordinator).get(url, {"group": "window.not-a-number"})
    assert response.context["group_label"] == "窓口別：not-a-number"
    assert response.context["page"].paginator.count == 0
    response = client_for(coordinator).get(url, {"group": "nothing.1"})
    assert response.context["group_label"] == ""
    assert response.context["total"] == entry.count(span)


def test_a_window_is_named_on_its_list(coordinator):
    indicator = Indicator.objects.get(label="相談件数", plan__title=story.PLAN_TITLE)
    consultation = Consultation.objects.select_related("organization").latest("received_at")
    url = reverse("plans:indicator_records", args=[indicator.pk])
    year = fiscal_year_of(consultation.received_at)
    response = client_for(coordinator).get(
        url, {"group": f"window.{consultation.organization_id}", "year": year}
    )
    assert f"窓口別：{consultation.organization.name}" in response.text


def fiscal_year_of(moment: dt.datetime) -> int:
    from kasane.core.japanese import fiscal_year

    return fiscal_year(moment.astimezone(TOKYO).date())


# --- the monthly trend: one grouped query, the same numbers as counting month by month ---


def _at_the_year_boundary() -> int:
    """A consultation and a visit at 23:30 on 31 March and at 00:10 on 1 April (Japan time)
    of the year that starts this April; returns the fiscal year that ends on that 31 March."""
    year = _this_year()
    late = dt.datetime(year, 3, 31, 23, 30, tzinfo=TOKYO)
    early = dt.datetime(year, 4, 1, 0, 10, tzinfo=TOKYO)
    first, second = Consultation.objects.order_by("pk")[:2]
    Consultation.objects.filter(pk=first.pk).update(received_at=late)
    Consultation.objects.filter(pk=second.pk).update(received_at=early)
    from kasane.outreach.models import ContactAttempt

    one, two = catalogue.outreach_visits(EVERYTHING).order_by("pk")[:2]
    ContactAttempt.objects.filter(pk=one.pk).update(occurred_at=late)
    ContactAttempt.objects.filter(pk=two.pk).update(occurred_at=early)
    return year - 1


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.code)
def test_the_grouped_months_equal_the_counts_month_by_month(entry: Entry):
    if entry.code in BUILD:
        BUILD[entry.code]()
    ending = _at_the_year_boundary()
    for year in (ending, ending + 1):
        assert entry.months(year) == [entry.count(span) for span in month_spans(year)]


def test_the_boundary_records_fall_in_march_and_april():
    ending = _at_the_year_boundary()
    consultations = catalogue.BY_CODE["consultations"]
    march = consultations.months(ending)[-1]
    april = consultations.months(ending + 1)[0]
    assert march == consultations.count(month_spans(ending)[-1]) >= 1
    assert april == consultations.count(month_spans(ending + 1)[0]) >= 1


@pytest.mark.parametrize(
    "entry", [entry for entry in ENTRIES if entry.dated_by], ids=lambda entry: entry.code
)
def test_the_months_of_an_entry_dated_by_one_field_are_one_query(
    entry: Entry, django_assert_max_num_queries
):
    # sheets_in_time reads the sheets once to test the business days, then groups.
    with django_assert_max_num_queries(2 if entry.code == "sheets_in_time" else 1):
        entry.months(_this_year())


def test_the_list_of_indicators_counts_each_entry_once(coordinator):
    for entry in ENTRIES:
        Indicator.objects.create(label=f"{entry.label}（1）", code=entry.code)
    client = client_for(coordinator)
    once = queries_for(client, reverse("plans:indicators"))
    for entry in ENTRIES:
        for n in (2, 3):
            Indicator.objects.create(label=f"{entry.label}（{n}）", code=entry.code)
    assert queries_for(client, reverse("plans:indicators")) == once
    assert once <= 2 * len(ENTRIES) + 10
