"""The year's figures count a built data set exactly, one function per figure; a record of 31
March counts in the year ending then, one of 1 April in the next; the page and its Excel
export show them, and their queries do not grow with the records."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.community import figures
from kasane.community.models import (
    Activity,
    CommunityIssue,
    HelperMatch,
    Project,
    ResidentHelper,
    Theme,
)
from kasane.core.japanese import fiscal_year
from kasane.organizations.models import Area, Organization
from kasane.resources.models import Service
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
YEAR = 2019  # 令和元年度: before every record of the demo
SPAN = figures.period(YEAR)


def activity(user, held_on: dt.date, kind: str = "gathering", **values) -> Activity:
    organizations = values.pop("organizations", [])
    made = Activity.objects.create(
        held_on=held_on,
        kind=kind,
        title="t",
        area=Area.objects.get(name="旭町1丁目"),
        recorded_by=user,
        **{"participants": 10, "new_participants": 2, **values},
    )
    made.organizations.set(organizations)
    return made


@pytest.fixture
def year_of_records(chiiki):
    salon = Service.objects.get(name="旭町いきいきサロン")
    cafe = Service.objects.get(name="西町ふれあいサロン")
    shakyo, houkatsu = Organization.objects.filter(
        name__in=["社会福祉協議会", "東地域包括支援センター"]
    ).order_by("name")
    first, last = dt.date(2019, 4, 1), dt.date(2020, 3, 31)
    activity(chiiki, first, service=salon, organizations=[shakyo])
    activity(chiiki, last, service=salon, organizations=[shakyo, houkatsu])  # the year's last day
    activity(chiiki, dt.date(2019, 7, 1), service=cafe)
    activity(chiiki, dt.date(2019, 8, 1), place="公民館", participants=5, new_participants=5)
    activity(chiiki, dt.date(2019, 9, 1), kind="course", participants=20, new_participants=0)
    activity(chiiki, dt.date(2020, 4, 1), service=cafe, organizations=[houkatsu])  # next year
    activity(chiiki, dt.date(2019, 3, 31), place="前の年度")  # the year before
    theme = Theme.objects.order_by("sort_order").first()
    area = Area.objects.get(name="東圏域")
    for raised_on, status in [
        (first, "raised"),
        (last, "in_progress"),
        (dt.date(2020, 4, 1), "raised"),
    ]:
        CommunityIssue.objects.create(
            area=area,
            theme=theme,
            title="課題",
            noticed="n",
            raised_by="committee",
            status=status,
            status_changed_on=raised_on,
            raised_on=raised_on,
            written_by=chiiki,
        )
    project = Project.objects.create(
        area=area,
        title="p",
        description="d",
        leads="l",
        started_on=dt.date(2019, 10, 1),
        created_by=chiiki,
    )
    project.resources.set([salon])
    Service.objects.filter(pk=salon.pk).update(
        created_at=timezone.make_aware(dt.datetime(2019, 10, 2, 10))
    )
    helper = ResidentHelper.objects.get(name="岡 真由美")
    for started_on in (dt.date(2019, 6, 1), dt.date(2020, 3, 31), dt.date(2020, 4, 1)):
        HelperMatch.objects.create(
            helper=helper, service=cafe, role="r", started_on=started_on, recorded_by=chiiki
        )
    return {"theme": theme, "shakyo": shakyo, "houkatsu": houkatsu, "salon": salon}


def test_each_figure_counts_the_built_year(year_of_records):
    assert figures.activities_held(SPAN).count() == 5
    assert figures.participants(SPAN) == figures.Participants(55, 11)
    kinds = {row.kind: row for row in figures.activities_by_kind(SPAN)}
    assert (kinds["居場所の開催"].activities, kinds["居場所の開催"].participants) == (4, 35)
    assert kinds["講座"].activities == 1 and kinds["委員会"].activities == 0
    places = list(figures.gathering_places(SPAN))
    assert figures.places_count(SPAN) == len(places) == 3  # two services and 公民館
    assert {p["service__name"] or p["place"] for p in places} == {
        "旭町いきいきサロン",
        "西町ふれあいサロン",
        "公民館",
    }
    organizations = list(figures.organizations_taking_part(SPAN))
    assert set(organizations) == {year_of_records["shakyo"], year_of_records["houkatsu"]}
    assert figures.issues_raised(SPAN).count() == 2
    row = next(
        r
        for r in figures.issues_by_theme_and_status(SPAN)
        if r.theme == year_of_records["theme"].name
    )
    assert row.total == 2 and row.counts[0] == 1 and row.counts[2] == 1
    assert figures.projects_started(SPAN).count() == 1
    assert list(figures.resources_created(SPAN)) == [year_of_records["salon"]]
    assert figures.helpers_matched(SPAN) == figures.HelpersMatched(2, 1)


def test_the_31st_of_march_counts_in_the_year_ending_then(year_of_records):
    assert dt.date(2020, 3, 31) in {a.held_on for a in figures.activities_held(SPAN)}
    following = figures.period(YEAR + 1)
    assert dt.date(2020, 4, 1) in {a.held_on for a in figures.activities_held(following)}
    assert dt.date(2020, 3, 31) not in {a.held_on for a in figures.activities_held(following)}


def test_the_page_and_the_export_show_the_year(csw):
    client = client_for(csw)
    year = fiscal_year(timezone.localdate())
    page = client.get(reverse("community:figures")).content.decode()
    assert "拠点数" in page and "旭町いきいきサロン" in page
    assert AuditEvent.objects.filter(action="community.figures", actor=csw).exists()
    response = client.post(reverse("community:figures_export") + f"?year={year}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "拠点数" in cells and "参加機関数" in cells
    assert AuditEvent.objects.filter(action="community.figures_export", actor=csw).exists()
    refused = client.get(reverse("community:figures_export") + "?year=1900")
    assert refused.status_code == 302


def test_the_figures_page_takes_the_same_queries_with_more_records(csw, chiiki):
    client = client_for(csw)
    url = reverse("community:figures")
    before = queries_for(client, url)
    today = timezone.localdate()
    salon = Service.objects.get(name="旭町いきいきサロン")
    for day in range(30):
        activity(
            chiiki,
            today - dt.timedelta(days=day),
            service=salon,
            organizations=list(Organization.objects.all()[:3]),
        )
    assert queries_for(client, url) == before
