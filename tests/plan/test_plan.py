"""The implementation plan (実施計画, issue 18): デモ市's plan 令和6〜10年度, its 年度計画 table,
the forms of a plan, its projects and 取組 with their milestones, a year's progress (new
records, the history kept; the fiscal year of the moment in Japan time), the printout and the
Excel, all audited; coordinators and admins only."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.core import pdf
from kasane.core.errors import DomainError
from kasane.demo.city import plan as story
from kasane.demo.load.plan import load_plan
from kasane.plan import services
from kasane.plan.models import ImplementationPlan, Initiative, Milestone, PlanProject, Progress
from kasane.plan.selectors import plan_table
from tests.cases.test_printouts import pdf_text
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def demo_plan() -> ImplementationPlan:
    return ImplementationPlan.objects.get(title=story.PLAN_TITLE)


def first_initiative() -> Initiative:
    return Initiative.objects.filter(project__plan=demo_plan()).order_by("project__order", "order")[
        0
    ]


def test_the_demo_has_the_plan_of_five_projects_with_progress_for_two_years():
    plan = demo_plan()
    assert plan.period_label == "令和6〜10年度"
    assert plan.years == [2024, 2025, 2026, 2027, 2028]
    assert plan.projects.count() == 5
    initiatives = Initiative.objects.filter(project__plan=plan)
    assert initiatives.count() == 12
    assert set(
        Progress.objects.filter(initiative__in=initiatives).values_list("fiscal_year", flat=True)
    ) == {2024, 2025}
    for initiative in initiatives:
        assert set(initiative.progress.values_list("fiscal_year", flat=True)) == {2024, 2025}


def test_loading_the_demo_again_changes_nothing(coordinator):
    counts = lambda: (  # noqa: E731
        PlanProject.objects.count(),
        Initiative.objects.count(),
        Milestone.objects.count(),
        Progress.objects.count(),
    )
    before = counts()
    load_plan(dt.datetime.now(tz=TOKYO))
    assert counts() == before


def test_the_period_label_spans_eras():
    assert ImplementationPlan(title="x", first_year=2017, last_year=2021).period_label == (
        "平成29年度〜令和3年度"
    )
    assert (
        ImplementationPlan(title="x", first_year=2025, last_year=2025).period_label == "令和7年度"
    )


def test_the_table_has_a_row_per_initiative_and_a_column_per_year():
    table = plan_table(demo_plan())
    assert [label for _, label in table.years] == [
        "令和6年度",
        "令和7年度",
        "令和8年度",
        "令和9年度",
        "令和10年度",
    ]
    first = table.projects[0].initiatives[0]
    assert first.cells[0].milestone == "推進協議会でプロジェクトの検討"
    assert first.cells[0].progress.get_status_display() == "達成"
    assert first.cells[2].progress is None
    assert first.initiative.label == "ア"
    assert first.initiative.lead == "重層的支援推進課"


def test_a_progress_at_2330_on_31_march_counts_in_the_year_that_ends_then(coordinator):
    initiative = first_initiative()
    at = dt.datetime(2026, 3, 31, 23, 30, tzinfo=TOKYO)  # 14:30 UTC
    progress = services.progress_record(
        actor=coordinator, initiative=initiative, status="achieved", note="", at=at
    )
    assert progress.fiscal_year == 2025  # 令和7年度, not 令和8年度
    after = services.progress_record(
        actor=coordinator,
        initiative=initiative,
        status="in_progress",
        note="",
        at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO),
    )
    assert after.fiscal_year == 2026


def test_progress_keeps_its_history_and_the_latest_counts(coordinator):
    initiative = first_initiative()
    client = client_for(coordinator)
    url = reverse("plans:progress", args=[initiative.pk])
    response = client.post(url, {"fiscal_year": "2026", "status": "in_progress", "note": "開始"})
    assert response.status_code == 302
    client.post(url, {"fiscal_year": "2026", "status": "revised", "note": "時期を見直す"})
    assert initiative.progress.filter(fiscal_year=2026).count() == 2
    cell = plan_table(demo_plan()).projects[0].initiatives[0].cells[2]
    assert cell.progress.get_status_display() == "見直し"
    event = AuditEvent.objects.filter(actor=coordinator, action="plan.progress").latest("pk")
    assert event.details["year"] == 2026 and event.details["status"] == "revised"
    page = client.get(url).content.decode()
    assert "時期を見直す" in page and "開始" in page


def test_bad_progress_changes_nothing(coordinator):
    initiative = first_initiative()
    client = client_for(coordinator)
    url = reverse("plans:progress", args=[initiative.pk])
    before = Progress.objects.count()
    for data in (
        {"fiscal_year": "2030", "status": "achieved"},  # outside the plan
        {"fiscal_year": "2026", "status": "done"},
        {"fiscal_year": "2026", "status": "revised", "note": ""},  # 見直し needs its content
    ):
        assert client.post(url, data).status_code == 400
    assert Progress.objects.count() == before
    with pytest.raises(DomainError):
        services.progress_record(
            actor=coordinator, initiative=initiative, status="achieved", note="", year=2031
        )


def test_a_coordinator_builds_a_plan_with_projects_initiatives_and_milestones(coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("plans:create"),
        {"title": "第2期計画", "first_year": "2026", "last_year": "2028", "note": ""},
    )
    plan = ImplementationPlan.objects.get(title="第2期計画")
    assert response.url == reverse("plans:detail", args=[plan.pk])
    client.post(
        reverse("plans:project_create", args=[plan.pk]),
        {"order": "1", "title": "相談支援の充実", "aim": ""},
    )
    project = plan.projects.get()
    response = client.post(
        reverse("plans:initiative_create", args=[project.pk]),
        {
            "order": "1",
            "title": "窓口の連携",
            "lead_organization": "",
            "lead_text": "庁内連携会議",
            "milestone_2026": "検討",
            "milestone_2027": "試行",
            "milestone_2028": "",
        },
    )
    assert response.status_code == 302
    initiative = project.initiatives.get()
    assert dict(initiative.milestones.values_list("fiscal_year", "text")) == {
        2026: "検討",
        2027: "試行",
    }
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "窓口の連携" in page and "令和8年度" in page and "試行" in page
    actions = set(AuditEvent.objects.filter(actor=coordinator).values_list("action", flat=True))
    assert {"plan.create", "plan.project_save", "plan.initiative_save"} <= actions


def test_bad_plan_input_changes_nothing(coordinator):
    client = client_for(coordinator)
    before = ImplementationPlan.objects.count()
    response = client.post(
        reverse("plans:create"), {"title": "逆", "first_year": "2028", "last_year": "2026"}
    )
    assert response.status_code == 400
    assert "最終年度は初年度と同じか" in response.content.decode()
    assert ImplementationPlan.objects.count() == before
    # a period that would hide recorded milestones and progress is refused
    plan = demo_plan()
    response = client.post(
        reverse("plans:edit", args=[plan.pk]),
        {"title": plan.title, "first_year": "2025", "last_year": "2028", "note": ""},
    )
    assert response.status_code == 400
    assert "令和6年度の年度目標または進捗" in response.content.decode()
    plan.refresh_from_db()
    assert plan.first_year == 2024
    # an 取組 without a lead, or with an order taken, is refused
    project = plan.projects.get(order=1)
    url = reverse("plans:initiative_create", args=[project.pk])
    count = project.initiatives.count()
    assert client.post(url, {"order": "9", "title": "x"}).status_code == 400
    taken = client.post(url, {"order": "1", "title": "x", "lead_text": "誰か"})
    assert taken.status_code == 400 and "この番号は既に使われています" in taken.content.decode()
    assert project.initiatives.count() == count


def test_the_excel_reads_back_with_the_table_and_is_audited(admin):
    plan = demo_plan()
    client = client_for(admin)
    url = reverse("plans:export", args=[plan.pk])
    assert client.get(url).status_code == 200  # the password form
    response = client.post(url, {"password": "", "password_confirm": ""})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"{plan.title}　年度計画（令和6〜10年度）"
    assert rows[2][:5] == ("プロジェクト", "取組", "中心となる取組主体", "令和6年度", "令和7年度")
    assert rows[3][0] == "(1) 多機関協働の体制整備"
    assert rows[3][2] == "重層的支援推進課"
    assert rows[3][3].startswith("推進協議会でプロジェクトの検討\n【達成】")
    assert len(rows) == 3 + 12
    event = AuditEvent.objects.filter(actor=admin, action="plan.export").latest("pk")
    assert event.object_id == str(plan.pk) and event.details == {"protected": False}


@pytest.mark.pdf
def test_it_prints_the_yearly_table_on_a4_landscape(coordinator):
    plan = demo_plan()
    response = client_for(coordinator).get(reverse("plans:print", args=[plan.pk]))
    text = pdf_text(response)
    for expected in ("年度計画", "令和6〜10年度", "令和10年度", "多機関協働の体制整備", "【達成】"):
        assert expected in text
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    assert AuditEvent.objects.filter(actor=coordinator, action="plan.print").exists()


def test_without_the_japanese_font_it_says_what_to_install(coordinator, monkeypatch):
    def missing() -> None:
        raise pdf.PdfUnavailable("the font 'Noto Sans CJK JP' is not installed")

    monkeypatch.setattr(pdf, "check_available", missing)
    response = client_for(coordinator).get(reverse("plans:print", args=[demo_plan().pk]))
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
    assert not AuditEvent.objects.filter(action="plan.print", actor=coordinator).exists()


def test_the_plan_page_takes_the_same_queries_however_many_initiatives(coordinator):
    plan = demo_plan()
    client = client_for(coordinator)
    url = reverse("plans:detail", args=[plan.pk])
    before = queries_for(client, url)
    project = plan.projects.get(order=5)
    for order in range(3, 8):
        initiative = Initiative.objects.create(
            project=project, order=order, title=f"取組{order}", lead_text="課"
        )
        Milestone.objects.create(initiative=initiative, fiscal_year=2026, text="予定")
        services.progress_record(
            actor=coordinator, initiative=initiative, status="in_progress", note="", year=2026
        )
    assert queries_for(client, url) == before
    assert before <= 12


@pytest.mark.parametrize(
    "username", ["outsider", "houkatsu", "zeimu", "chiiki", "kansa", "keisatsu"]
)
def test_everyone_but_coordinators_and_admins_gets_404(username, django_user_model):
    client = client_for(django_user_model.objects.get(username=username))
    plan = demo_plan()
    initiative = first_initiative()
    for url in (
        reverse("plans:home"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:export", args=[plan.pk]),
        reverse("plans:print", args=[plan.pk]),
        reverse("plans:progress", args=[initiative.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("plans:progress", args=[initiative.pk]),
            {"fiscal_year": "2026", "status": "achieved"},
        ).status_code
        == 404
    )
    assert not initiative.progress.filter(fiscal_year=2026).exists()


def test_the_navigation_shows_the_plan_to_coordinators_and_admins_only(coordinator, admin, chiiki):
    assert "計画・実績" in client_for(coordinator).get("/").content.decode()
    assert "計画・実績" in client_for(admin).get("/").content.decode()
    assert "計画・実績" not in client_for(chiiki).get("/").content.decode()
