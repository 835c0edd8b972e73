"""Anonymous counts from daily work by area (kasane.community.counts): exact on a known set,
placed by the person's (else the household's) 町丁目, bucketed by fiscal year in Japan time,
rolled up to 地区 and 圏域, and suppressed before they are shown."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kasane.accounts.models import User
from kasane.cases.areas import place_case
from kasane.cases.models import Case, CaseStatus
from kasane.community import counts
from kasane.intake.areas import place_consultation
from kasane.intake.models import Consultation, ConsultationIssue
from kasane.organizations.models import Area
from kasane.people.models import Household, Person
from tests.builders import demo_issue_code

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
YEAR = 2015  # before any demo record


def _consult(
    at: dt.datetime,
    *,
    town: Area | None,
    issue: str | None = None,
    household_town: Area | None = None,
) -> Consultation:
    houkatsu = User.objects.get(username="houkatsu")
    person = None
    if town is not None:
        person = Person.objects.create(
            organization=houkatsu.organization, family_name="集計", given_name="太郎", area=town
        )
    household = None
    if household_town is not None:
        household = Household.objects.create(
            organization=houkatsu.organization, name="集計家", area=household_town
        )
    # Created directly (not through the service), so placed as the service places it.
    consultation = Consultation(
        organization=houkatsu.organization,
        worker=houkatsu,
        received_at=at,
        route="phone",
        consulter_relation="self",
        person=person,
        household=household,
        summary="集計の確かめ",
        consent="unknown",
        outcome="handled",
    )
    place_consultation(consultation)
    consultation.save()
    if issue is not None:
        ConsultationIssue.objects.create(
            consultation=consultation, code=demo_issue_code(issue), is_main=True
        )
    return consultation


def _town(name: str) -> Area:
    return Area.objects.get(name=name)


def test_it_counts_consultations_by_main_issue_and_fiscal_year_in_japan_time() -> None:
    asahi1 = _town("旭町1丁目")
    # 23:30 on 31 March 2016 in Tokyo is still FY2015; 00:10 on 1 April is FY2016.
    _consult(dt.datetime(2016, 3, 31, 23, 30, tzinfo=TOKYO), town=asahi1, issue="経済的困窮")
    _consult(dt.datetime(2016, 4, 1, 0, 10, tzinfo=TOKYO), town=asahi1, issue="経済的困窮")
    _consult(dt.datetime(2015, 6, 1, 10, tzinfo=TOKYO), town=asahi1)
    # A consultation without a person counts in its household's area; with neither, nowhere.
    _consult(dt.datetime(2015, 7, 1, 10, tzinfo=TOKYO), town=None, household_town=asahi1)
    _consult(dt.datetime(2015, 7, 2, 10, tzinfo=TOKYO), town=None)
    sphere = Area.objects.get(name="東圏域")
    found = counts.counts_by_category("consultations", sphere, [YEAR, YEAR + 1])
    code = demo_issue_code("経済的困窮").pk
    assert found == {(code, YEAR): 1, (code, YEAR + 1): 1, (None, YEAR): 2}
    assert counts.counts_by_category("consultations", Area.objects.get(name="西圏域"), [YEAR]) == {}


def test_it_rolls_town_counts_up_to_districts_and_spheres() -> None:
    for _ in range(3):
        _consult(dt.datetime(2015, 5, 1, 10, tzinfo=TOKYO), town=_town("旭町1丁目"))
    _consult(dt.datetime(2015, 5, 1, 10, tzinfo=TOKYO), town=_town("桜台1丁目"))
    by_area = counts.counts_by_area("consultations", YEAR)
    areas = list(Area.objects.all())
    spheres = [a for a in areas if a.kind == "sphere"]
    rolled = counts.roll_up(by_area, spheres, areas)
    assert rolled == {Area.objects.get(name="東圏域").pk: 4}
    districts = [a for a in areas if a.kind == "district"]
    assert counts.roll_up(by_area, districts, areas) == {
        Area.objects.get(name="旭地区").pk: 3,
        Area.objects.get(name="桜台地区").pk: 1,
    }


def test_it_hides_small_counts_and_their_rate_per_thousand() -> None:
    for _ in range(7):
        _consult(
            dt.datetime(2015, 5, 1, 10, tzinfo=TOKYO), town=_town("旭町1丁目"), issue="経済的困窮"
        )
    for _ in range(2):
        _consult(
            dt.datetime(2015, 5, 2, 10, tzinfo=TOKYO), town=_town("旭町2丁目"), issue="社会的孤立"
        )
    sphere = Area.objects.get(name="東圏域")
    table = counts.category_table("consultations", sphere, [YEAR - 1, YEAR], {YEAR: 9000})
    labels = {row.label: [cell.label for cell in row.cells] for row in table.table.rows}
    assert labels["社会的孤立"][1] == "5未満"
    assert labels["経済的困窮"][1] != "7"  # a complementary cell, or the 2 could be recovered
    assert [cell.value for cell in table.table.column_totals or []] == [0, 9]
    assert table.per_thousand == ["", "1.0"]


def test_it_counts_cases_by_their_household_and_leaves_out_the_not_eligible() -> None:
    coordinator = User.objects.get(username="coordinator")
    consultation = _consult(
        dt.datetime(2015, 5, 1, 10, tzinfo=TOKYO), town=_town("西町1丁目"), issue="経済的困窮"
    )
    household = Household.objects.create(
        organization=coordinator.organization, name="集計家", area=_town("西町2丁目")
    )
    for status in (CaseStatus.RECEIVED, CaseStatus.NOT_ELIGIBLE):
        case = Case(
            household=household,
            main_person=consultation.person,
            consultation=consultation,
            status=status,
            opened_on=dt.date(2015, 6, 1),
            created_by=coordinator,
        )
        place_case(case)  # as case_create does
        case.save()
    found = counts.counts_by_category("cases", Area.objects.get(name="西町地区"), [YEAR])
    assert found == {(demo_issue_code("経済的困窮").pk, YEAR): 1}
