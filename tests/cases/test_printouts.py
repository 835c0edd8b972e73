"""Printouts (PDF): the five forms are PDFs with their Japanese text and 和暦 dates, the case
number and 「個人情報・取扱注意」 on every page; restricted addresses stay masked; sensitive notes
of other organisations stay out; printing is audited; everyone else gets 404; without WeasyPrint
the page says what to install.

The text is read back from the PDF with pypdf; rendering is slow-ish, so
each test prints as few PDFs as it can."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services
from kasane.cases.models import Case, CaseStatus, Evaluation, TeamRole
from kasane.core import pdf
from tests.builders import GOAL, case_in_assessment, case_in_support, demo_case, open_case, today
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

SENSITIVE = "包括だけが知っている機微な事情"


def pdf_pages(response) -> list[str]:
    """The text of each page, without whitespace (table cells come out spaced)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() or "" for page in reader.pages]
    return [re.sub(r"\s+", "", page) for page in pages if page.strip()]


def pdf_text(response) -> str:
    return "".join(pdf_pages(response))


def printed(case: Case, form: str, *args: int) -> str:
    return reverse(f"cases:print_{form}", args=[case.pk, *args])


@pytest.fixture
def case(kosodate: User, coordinator: User, houkatsu: User) -> Case:
    """田中家 in 支援中 with 東地域包括 on the team, a note from each, the 包括's one sensitive,
    then evaluated (再プラン)."""
    case = case_in_support(kosodate, coordinator)
    services.team_add(
        actor=coordinator, case=case, organization=houkatsu.organization, role=TeamRole.AGENCY
    )
    services.note_add(
        actor=kosodate,
        case=case,
        written_on=today(),
        method="phone",
        content="電話で近況を聞いた。母のショートステイは来週から。",
        next_action="家庭訪問",
        next_action_on=today() + dt.timedelta(days=7),
    )
    services.note_add(
        actor=houkatsu,
        case=case,
        written_on=today(),
        method="home_visit",
        content=SENSITIVE,
        is_sensitive=True,
    )
    plan = case.plans.get()
    services.evaluation_record(
        actor=kosodate,
        case=case,
        evaluated_on=today(),
        goal_attainment="partly",
        changes="ショートステイを月に一度使えるようになった。",
        decision="replan",
        reason="子育ての支援を足して計画を見直す。",
        items=[{"plan_item": item, "attainment": "achieved"} for item in plan.items.all()],
    )
    case.refresh_from_db()
    return case


def test_each_printout_is_a_pdf_with_its_japanese_text(case: Case, kosodate: User) -> None:
    client = client_for(kosodate)
    plan = case.plans.get()
    evaluation = Evaluation.objects.get(case=case)
    forms = {
        "summary": (printed(case, "summary"), "summary", ["ケースの概要", "田中由美", "42歳"]),
        "assessment": (
            printed(case, "assessment"),
            "assessment-v1",
            ["アセスメントシート", "第1版", "■介護", "□住まい", "少しでいいから自分の時間がほしい"],
        ),
        "plan": (
            printed(case, "plan", plan.pk),
            f"plan-v{plan.version}",
            [
                "プラン兼利用申込書",
                GOAL,
                "ショートステイの利用を調整する",
                "■参加支援",
                "□アウトリーチ",
                "上記の計画に同意し、利用を申し込みます。",
                "氏名（署名）",
            ],
        ),
        "evaluation": (
            printed(case, "evaluation", evaluation.pk),
            f"evaluation-{evaluation.pk}",
            ["評価シート", GOAL, "■一部達成", "■再プラン", "子育ての支援を足して計画を見直す。"],
        ),
        "notes": (printed(case, "notes"), "notes", ["支援経過記録", "電話で近況を聞いた。"]),
    }
    for form, (url, filename, expected) in forms.items():
        response = client.get(url)
        text = pdf_text(response)
        assert (
            response["Content-Disposition"] == f'inline; filename="case-{case.pk}-{filename}.pdf"'
        )
        for words in [*expected, f"ケース番号{case.pk}", "個人情報・取扱注意", "非公開・取扱注意"]:
            assert words.replace(" ", "") in text, (form, words)
        assert "令和" in text, form
        assert not re.search(r"20\d\d年", text), form  # 和暦 only
        assert SENSITIVE not in text, form
    events = AuditEvent.objects.filter(action="case.print", object_id=str(case.pk))
    details = [event.details for event in events.order_by("pk")]
    assert details == [
        {"form": "summary"},
        {"form": "assessment", "version": 1},
        {"form": "plan", "plan": plan.pk, "version": plan.version},
        {"form": "evaluation", "evaluation": evaluation.pk, "plan_version": plan.version},
        {"form": "notes", "notes": 1},
    ]


def test_an_unrestricted_address_is_printed(case: Case, kosodate: User) -> None:
    text = pdf_text(client_for(kosodate).get(printed(case, "summary")))
    assert "デモ市緑ヶ丘1丁目5-8" in text
    assert "090-0000-1984" in text


def test_a_restricted_address_stays_masked(jiritsu: User, coordinator: User) -> None:
    # jiritsu holds a grant to see 佐藤 さくら's address on her record; cases never unmask.
    case = case_in_support(jiritsu, coordinator, "佐藤家")
    client = client_for(jiritsu)
    plan = case.plans.get()
    for url in (printed(case, "summary"), printed(case, "plan", plan.pk)):
        text = pdf_text(client.get(url))
        assert "佐藤さくら" in text
        assert "南町9-9-9" not in text
        assert "090-9999-0009" not in text
        assert "（閲覧制限）" in text


def test_every_page_has_the_case_number_and_the_warning(case: Case, coordinator: User) -> None:
    # Evaluated (再プラン) cases still take notes.
    assert case.status == CaseStatus.REPLANNING
    for day in range(40):
        services.note_add(
            actor=coordinator,
            case=case,
            written_on=today() - dt.timedelta(days=day),
            method="meeting",
            content=f"ケース会議の記録{day}。\n出席した機関と決めたことを書く。\n次回の日程を確かめた。",
        )
    # The coordinator reads the 包括's sensitive note too.
    pages = pdf_pages(client_for(coordinator).get(printed(case, "notes")))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"ケース番号{case.pk}" in page
        assert "個人情報・取扱注意" in page
        assert f"{number}/{len(pages)}ページ" in page
    assert SENSITIVE in "".join(pages)


def test_the_assessment_version_can_be_chosen(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    client = client_for(kosodate)
    assert client.get(printed(case, "assessment") + "?version=2").status_code == 404
    assert client.get(printed(case, "assessment") + "?version=x").status_code == 404
    text = pdf_text(client.get(printed(case, "assessment") + "?version=1"))
    assert "第1版" in text


def test_a_new_case_has_a_summary_but_no_assessment_sheet(kosodate: User) -> None:
    case = open_case(kosodate)
    client = client_for(kosodate)
    assert client.get(printed(case, "assessment")).status_code == 404
    text = pdf_text(client.get(printed(case, "summary")))
    assert "受付" in text
    assert "支援プランはまだありません。" in text


def test_a_printout_loads_nothing_from_outside() -> None:
    fetch = pdf._url_fetcher(pytest.importorskip("weasyprint"))
    for url in ("https://cdn.example.com/font.woff2", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)


# --- Who may print ----------------------------------------------------------------------------


def urls(case: Case) -> list[str]:
    return [
        printed(case, "summary"),
        printed(case, "assessment"),
        printed(case, "plan", case.plans.get().pk),
        printed(case, "evaluation", Evaluation.objects.get(case=case).pk),
        printed(case, "notes"),
    ]


@pytest.mark.parametrize("username", ["outsider", "zeimu", "kansa", "keisatsu", "chiiki"])
def test_others_get_404(username: str, case: Case) -> None:
    client = client_for(User.objects.get(username=username))
    for url in urls(case):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action="case.print").exists()


def test_a_plan_or_evaluation_of_another_case_is_404(
    case: Case, kosodate: User, coordinator: User
) -> None:
    other = case_in_support(kosodate, coordinator, "髙橋家")
    client = client_for(kosodate)
    assert client.get(printed(other, "plan", case.plans.get().pk)).status_code == 404
    evaluation = Evaluation.objects.get(case=case)
    assert client.get(printed(other, "evaluation", evaluation.pk)).status_code == 404


def test_a_team_that_left_loses_the_printouts(
    case: Case, houkatsu: User, coordinator: User
) -> None:
    member = case.team.get(organization=houkatsu.organization)
    services.team_leave(actor=coordinator, member=member)
    assert client_for(houkatsu).get(printed(case, "summary")).status_code == 404


# --- Without WeasyPrint -----------------------------------------------------------------------


def _assert_install_page(client: Client, case: Case) -> None:
    response = client.get(printed(case, "plan", case.plans.get().pk))
    assert response.status_code == 503
    page = response.content.decode()
    assert "PDFを作れません" in page
    assert "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk" in page
    assert "pip install weasyprint" in page
    assert not AuditEvent.objects.filter(action="case.print").exists()


def test_without_weasyprint_it_says_what_to_install(
    case: Case, kosodate: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    _assert_install_page(client_for(kosodate), case)


def test_without_pango_it_says_what_to_install(
    case: Case, kosodate: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango(name: str):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "import_module", no_pango)
    _assert_install_page(client_for(kosodate), case)


@pytest.mark.parametrize("household", ["鈴木家", "田中家", "山本家", "小川家", "原田家", "大塚家"])
def test_the_case_summary_fits_one_page_for_the_demo_cases(
    coordinator: User, household: str
) -> None:
    """「ケースの概要（1枚）」 is one A4 page for every named case of the demo (issue 13)."""
    case = demo_case(household)
    pages = pdf_pages(client_for(coordinator).get(printed(case, "summary")))
    assert len(pages) == 1, f"{household}: {len(pages)} pages"
