"""Where people wait (lead times, issue 18): each measure's numbers on a known data set (median,
quartiles, share over the limit, records still waiting), the fiscal-year boundary in Japan time,
the page (coordinators and admins; 404 for others) and the drill-down list (its length is the
count; admins get the numbers without the list), audited, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseStatus, PlanStatus, SupportPlan
from kasane.core.japanese import fiscal_year, fiscal_year_label, fiscal_year_range
from kasane.intake.models import Consultation, Outcome, Referral, ReferralKind, ReferralStatus
from kasane.outreach.models import ContactAttempt, Method, OutreachTarget, Result, Stage
from kasane.plan import lead_times
from kasane.plan.lead_times import BY_CODE, MEASURES
from tests.builders import demo_person, today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
OLD_YEAR = 2010  # before every record of the demo
FIRST = dt.date(OLD_YEAR, 4, 1)


def _case(opened_on: dt.date, *, plan_after: int | None, status: str = CaseStatus.SUPPORT) -> Case:
    case = Case.objects.create(
        main_person=demo_person("鈴木 ハナ"),
        programs=["coordination"],
        opened_on=opened_on,
        status=status,
    )
    if plan_after is not None:
        SupportPlan.objects.create(
            case=case,
            version=1,
            status=PlanStatus.APPROVED,
            goal="暮らしを立て直す",
            approved_on=opened_on + dt.timedelta(days=plan_after),
        )
    return case


def _consultation(received_at: dt.datetime, **fields: object) -> Consultation:
    model = Consultation.objects.order_by("pk")[0]
    values = {
        field.name: getattr(model, field.name)
        for field in Consultation._meta.concrete_fields
        if field.name not in {"id", "created_at", "updated_at"}
    }
    return Consultation.objects.create(**values | {"received_at": received_at} | fields)


def test_a_known_set_gives_its_median_quartiles_and_share_over_the_limit():
    for days in [1, 2, 3, 4, 5, 6, 7, 8]:
        _case(FIRST + dt.timedelta(days=days), plan_after=days)
    waiting = _case(FIRST, plan_after=None)
    _case(FIRST, plan_after=None, status=CaseStatus.SUSPENDED)  # ended without a plan: neither
    measure = BY_CODE["case_plan"]
    found = lead_times.timings(measure, OLD_YEAR)
    summary = lead_times.summarise(found, 5)
    assert (summary.count, summary.q1, summary.median, summary.q3) == (8, 2.75, 4.5, 6.25)
    assert (summary.over, summary.over_percent) == (3, 37.5)
    assert summary.waiting == summary.waiting_over == 1
    assert summary.waiting_oldest == (today() - FIRST).days
    assert [timing.pk for timing in found if timing.waiting] == [waiting.pk]


def test_one_record_is_its_own_median_and_none_has_no_statistics():
    assert lead_times.quartiles([4]) == (4.0, 4.0, 4.0)
    assert lead_times.quartiles([]) is None
    assert lead_times.summarise([], 14).over_percent is None


def test_a_consultation_at_23_30_on_31_march_counts_in_the_year_that_ends_then():
    late = _consultation(
        dt.datetime(OLD_YEAR + 1, 3, 31, 23, 30, tzinfo=TOKYO), outcome=Outcome.TO_COORDINATION
    )
    early = _consultation(
        dt.datetime(OLD_YEAR + 1, 4, 1, 0, 0, tzinfo=TOKYO), outcome=Outcome.TO_COORDINATION
    )
    case = _case(dt.date(OLD_YEAR + 1, 4, 3), plan_after=None)
    Case.objects.filter(pk=case.pk).update(consultation=late)
    measure = BY_CODE["consultation_case"]
    ending = {timing.pk: timing for timing in lead_times.timings(measure, OLD_YEAR)}
    starting = {timing.pk: timing for timing in lead_times.timings(measure, OLD_YEAR + 1)}
    assert set(ending) == {late.pk} and ending[late.pk].days == 3
    assert set(starting) == {early.pk} and starting[early.pk].waiting  # waits for its case


def test_a_case_opened_from_a_referral_of_the_consultation_ends_its_wait():
    consultation = _consultation(
        dt.datetime(OLD_YEAR, 6, 1, 10, tzinfo=TOKYO), outcome=Outcome.TO_COORDINATION
    )
    referral = Referral.objects.filter(kind=ReferralKind.COORDINATION).order_by("pk")[0]
    Referral.objects.filter(pk=referral.pk).update(source_consultation=consultation)
    case = _case(dt.date(OLD_YEAR, 6, 11), plan_after=None)
    Case.objects.filter(pk=case.pk).update(referral=referral)
    (timing,) = lead_times.timings(BY_CODE["consultation_case"], OLD_YEAR)
    assert (timing.pk, timing.days) == (consultation.pk, 10)


def test_plan_to_closing_counts_closed_cases_and_waits_for_open_ones():
    closed = _case(FIRST, plan_after=10, status=CaseStatus.CLOSED)
    Case.objects.filter(pk=closed.pk).update(ended_on=FIRST + dt.timedelta(days=110))
    open_case = _case(FIRST, plan_after=20)
    _case(FIRST, plan_after=5, status=CaseStatus.SUSPENDED)
    found = {timing.pk: timing for timing in lead_times.timings(BY_CODE["plan_closing"], OLD_YEAR)}
    assert set(found) == {closed.pk, open_case.pk}
    assert found[closed.pk].days == 100 and found[open_case.pk].waiting


def test_sheets_count_business_days_and_outreach_the_first_contact():
    sheet = Referral.objects.filter(kind=ReferralKind.SHEET).order_by("pk")[0]
    # Friday 2 July 2010 → Tuesday 6 July: two business days.
    Referral.objects.filter(pk=sheet.pk).update(
        sent_at=dt.datetime(OLD_YEAR, 7, 2, 17, tzinfo=TOKYO),
        acknowledged_at=dt.datetime(OLD_YEAR, 7, 6, 9, tzinfo=TOKYO),
        status=ReferralStatus.ACCEPTED,
    )
    (timing,) = lead_times.timings(BY_CODE["sheet_ack"], OLD_YEAR)
    assert (timing.pk, timing.days) == (sheet.pk, 2)

    target = OutreachTarget.objects.order_by("pk")[0]
    target.attempts.all().delete()
    OutreachTarget.objects.filter(pk=target.pk).update(stage=Stage.MET)
    model = ContactAttempt(target=target, method=Method.VISIT)
    for day, result in [(1, Result.ABSENT), (12, Result.MET), (20, Result.SPOKE)]:
        ContactAttempt.objects.create(
            target=target,
            method=model.method,
            result=result,
            occurred_at=dt.datetime(OLD_YEAR, 5, day, 10, tzinfo=TOKYO),
            recorded_by=target.created_by,
            organization_id=target.created_by.organization_id,
        )
    (timing,) = lead_times.timings(BY_CODE["outreach_contact"], OLD_YEAR)
    assert (timing.pk, timing.days) == (target.pk, 11)


def test_the_page_is_for_coordinators_and_admins(coordinator, admin, houkatsu):
    url = reverse("plans:lead_times")
    assert client_for(houkatsu).get(url).status_code == 404
    assert client_for(admin).get(url).status_code == 200
    response = client_for(coordinator).get(url + "?limit_case_plan=7")
    assert response.status_code == 200
    assert 'role="img"' in response.text and "<desc" in response.text
    assert "ケースの開始から最初の支援プランの承認まで" in response.text
    assert [row.limit for row in response.context["rows"]] == [
        7 if measure.code == "case_plan" else measure.default_limit for measure in MEASURES
    ]


@pytest.mark.parametrize("measure", MEASURES, ids=lambda measure: measure.code)
def test_the_list_is_as_long_as_the_count(measure, coordinator):
    _case(today() - dt.timedelta(days=3), plan_after=None)
    year = fiscal_year(today())
    summary = lead_times.summarise(lead_times.timings(measure, year), measure.default_limit)
    client = client_for(coordinator)
    url = reverse("plans:lead_time_records", args=[measure.code]) + f"?year={year}"
    for query, expected in [("", summary.count), ("&over=1", summary.over)]:
        response = client.get(url + query + "&page=1")
        assert response.context["total"] == expected
        assert response.context["page"].paginator.count == expected
    waiting = client.get(url + "&waiting=1").context
    assert waiting["total"] == waiting["page"].paginator.count == summary.waiting


def test_the_admin_gets_the_numbers_without_the_list(admin):
    url = reverse("plans:lead_time_records", args=["case_plan"])
    response = client_for(admin).get(url)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "一覧で見られません" in response.text
    assert not AuditEvent.objects.filter(action="plan.lead_time_records").exists()


def test_an_unknown_measure_is_404(coordinator):
    url = reverse("plans:lead_time_records", args=["nothing"])
    assert client_for(coordinator).get(url).status_code == 404


def test_the_list_is_audited_with_the_people_it_showed(coordinator):
    case = _case(today() - dt.timedelta(days=2), plan_after=None)
    url = reverse("plans:lead_time_records", args=["case_plan"]) + "?waiting=1"
    response = client_for(coordinator).get(url)
    assert case.pk in [timing.pk for timing, _row in response.context["lines"]]
    event = AuditEvent.objects.filter(action="plan.lead_time_records").latest("pk")
    assert event.actor == coordinator
    assert event.details["measure"] == "case_plan"
    assert case.main_person_id in set(event.people.values_list("person_id", flat=True))


def test_the_page_and_the_list_take_a_fixed_number_of_queries(coordinator):
    client = client_for(coordinator)
    page_url = reverse("plans:lead_times")
    list_url = reverse("plans:lead_time_records", args=["case_plan"]) + "?waiting=1"
    page, records = queries_for(client, page_url), queries_for(client, list_url)
    for days in range(30):
        _case(today() - dt.timedelta(days=days % 5), plan_after=None)
    assert queries_for(client, page_url) == page
    assert queries_for(client, list_url) == records
    assert page <= 15 and records <= 15


# --- the Excel ---

EXPORT = reverse("plans:lead_times_export")


def _download(client: Client, query: str) -> Any:
    response = client.post(EXPORT + query, {"password": ""})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _figures(book: Any) -> dict[str, tuple[Any, ...]]:
    """The 待ち時間 sheet's rows by measure label (the header is on row 3)."""
    rows = list(book["待ち時間"].iter_rows(min_row=4, values_only=True))
    return {row[1]: row for row in rows}


def test_the_excel_has_the_pages_numbers_with_its_limits(coordinator):
    year = fiscal_year(today()) - 1  # a whole year in the past, offered by the form
    first = fiscal_year_range(year)[0]
    client = client_for(coordinator)
    query = f"?year={year}&limit_case_plan=5&limit_sheet_ack=1"
    before = _figures(_download(client, query))[BY_CODE["case_plan"].label]
    for days in [1, 2, 3, 4, 5, 6, 7, 8]:
        _case(first + dt.timedelta(days=days), plan_after=days)
    _case(first, plan_after=None)  # waiting, older than 5 days
    book = _download(client, query)
    assert book.sheetnames == ["待ち時間", "定義"]
    assert book["待ち時間"]["A1"].value == f"待ち時間（リードタイム）　{fiscal_year_label(year)}"
    figures = _figures(book)
    page = client.get(reverse("plans:lead_times") + query).context["rows"]
    assert len(figures) == len(page) == len(MEASURES)
    for line in page:
        summary, measure = line.summary, line.measure
        assert figures[measure.label] == (
            measure.program,
            measure.label,
            measure.start_label,
            measure.end_label,
            measure.unit,
            summary.count,
            summary.median,
            summary.q1,
            summary.q3,
            line.limit,
            summary.over,
            summary.over_percent,
            summary.waiting,
            summary.waiting_over,
        )
    case_plan = figures[BY_CODE["case_plan"].label]
    assert case_plan[9] == 5 and figures[BY_CODE["sheet_ack"].label][9] == 1
    assert case_plan[9] != BY_CODE["case_plan"].default_limit
    # the eight known cases: three over 5 days, one more waiting over the limit
    assert case_plan[5] - before[5] == 8
    assert case_plan[10] - before[10] == 3
    assert case_plan[13] - before[13] == 1


def test_the_definitions_sheet_has_every_measure_and_the_method(admin):
    rows = list(_download(client_for(admin), "")["定義"].iter_rows(values_only=True))
    assert rows[0] == ("事業", "項目", "単位", "定義")
    assert rows[1 : len(MEASURES) + 1] == [
        (measure.program, measure.label, measure.unit, measure.definition) for measure in MEASURES
    ]
    method = " ".join(str(row[0]) for row in rows[len(MEASURES) + 1 :] if row[0])
    assert "QUARTILE.INC" in method and "日本時間" in method and "開庁日" in method


def test_the_export_is_for_coordinators_and_admins(houkatsu, admin):
    assert client_for(houkatsu).get(EXPORT).status_code == 404
    assert client_for(houkatsu).post(EXPORT, {"password": ""}).status_code == 404
    assert client_for(admin).get(EXPORT).status_code == 200  # the password form
    assert not AuditEvent.objects.filter(action="plan.lead_times_export").exists()


def test_the_page_offers_the_export_with_its_query(coordinator):
    query = "year=" + str(fiscal_year(today())) + "&limit_case_plan=9"
    response = client_for(coordinator).get(reverse("plans:lead_times") + "?" + query)
    assert f'action="{EXPORT}?{query.replace("&", "&amp;")}"' in response.text


def test_the_export_is_audited_and_may_be_protected(coordinator):
    client = client_for(coordinator)
    response = client.post(
        EXPORT + "?limit_case_plan=9",
        {"password": "kasane-leads", "password_confirm": "kasane-leads"},
    )
    assert response.status_code == 200
    assert response.content[:4] != b"PK\x03\x04"  # encrypted, not a plain zip
    event = AuditEvent.objects.filter(action="plan.lead_times_export").latest("pk")
    assert event.actor == coordinator
    assert event.details["fiscal_year"] == fiscal_year(today())
    assert event.details["limits"]["case_plan"] == 9
    assert event.details["protected"] is True


def test_an_invalid_year_exports_nothing(coordinator):
    response = client_for(coordinator).post(EXPORT + "?year=1900", {"password": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("plans:lead_times"))
    assert not AuditEvent.objects.filter(action="plan.lead_times_export").exists()


def test_the_export_takes_a_fixed_number_of_queries(coordinator):
    client = client_for(coordinator)
    before = queries_for(client, EXPORT, post={"password": ""})
    for days in range(30):
        _case(today() - dt.timedelta(days=days % 5), plan_after=days % 3 or None)
    assert queries_for(client, EXPORT, post={"password": ""}) == before
    assert before <= 15
