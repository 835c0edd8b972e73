"""議事録 (PDF): 「非公開」 and the meeting on every page; the participants with their pledges;
each agenda item with its minutes and decisions in words; the ground rules and the statutory
note for a 支援会議; no address or phone; 議事録（案） until confirmed. Only coordinators
print (papers of a 支援会議 are collected; participants read on screen): everyone else,
participants too, gets 404. Printing is audited with the meeting named.

Each test prints as few PDFs as it can (rendering is slow-ish)."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import ScreeningCriterion, SupportPlan, TeamRole
from kasane.core import pdf
from kasane.meetings import services
from kasane.meetings.models import (
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    Purpose,
)
from kasane.meetings.print_views import decision_lines
from kasane.organizations.models import Organization
from tests.builders import (
    DISCUSSION,
    MEETING_TITLE,
    open_case,
    period_pledge,
    schedule_meeting,
    today,
    with_item,
)
from tests.cases.test_printouts import pdf_pages, pdf_text
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

SUMMARY = "次回は二か月後。見守りの結果を持ち寄る。"


def meeting_pledge(actor: User, participant: MeetingParticipant) -> None:
    services.pledge_record(
        actor=actor, participant=participant, signed_on=today(), text=services.current_pledge_text()
    )


@pytest.fixture
def meeting(coordinator: User, houkatsu: User, keisatsu: User) -> Meeting:
    """A 支援会議 on 鈴木家 (the son has not consented) an hour ago: the coordinator (pledged for
    the year), the police (pledged for this meeting) and a 民生委員 from outside; one decision,
    a role for the 社協's outreach worker. Minutes not yet confirmed."""
    meeting = schedule_meeting(coordinator)
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    police = services.participant_add(
        actor=coordinator, meeting=meeting, user=keisatsu, role="地域の見守り"
    )
    meeting_pledge(coordinator, police)
    guest = services.participant_add(
        actor=coordinator,
        meeting=meeting,
        name="民生 花子",
        organization_name="東町民生委員児童委員協議会",
        role="民生委員",
    )
    meeting_pledge(coordinator, guest)
    item = with_item(coordinator, meeting, open_case(houkatsu, "鈴木家"), Purpose.SHARE)
    csw = User.objects.get(username="csw")
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=csw.organization,
        team_role=TeamRole.OUTREACH,
        worker=csw,
        task="月2回の訪問",
        due_on=today() + dt.timedelta(days=14),
        reason="長男との接点をつくる。",
    )
    return meeting


def printed(meeting: Meeting) -> str:
    return reverse("meetings:print", args=[meeting.pk])


def test_it_prints_the_confirmed_minutes(meeting: Meeting, coordinator: User) -> None:
    services.minutes_confirm(actor=coordinator, meeting=meeting, summary=SUMMARY)
    response = client_for(coordinator).get(printed(meeting))
    assert response["Content-Disposition"] == f'inline; filename="meeting-{meeting.pk}-minutes.pdf"'
    text = pdf_text(response)
    for words in [
        "議事録",
        MEETING_TITLE,
        "支援会議（法第106条の6）",
        "市役所3階会議室",
        "重層的支援推進課",
        "議事録確定",
        # The ground rules and the statutory note of a 支援会議.
        "社会福祉法第106条の6に基づく支援会議",
        "資料は会議の終わりに回収します。",
        # Participants and their pledges.
        "中村真理",
        "山崎剛",
        "デモ警察署",
        "地域の見守り",
        "民生花子",
        "東町民生委員児童委員協議会",
        "第1版",
        "この会議",
        # The agenda item, its minutes and decision.
        "1.鈴木家",
        "情報共有",
        "母の通院に付き添う人がいない。",
        DISCUSSION,
        "役割分担：社会福祉協議会（アウトリーチ担当）担当松本恵子担うこと：月2回の訪問期限：令和",
        "補足：長男との接点をつくる。",
        SUMMARY,
    ]:
        assert words.replace(" ", "") in text, words
    assert "議事録（案）" not in text
    assert not re.search(r"20\d\d年", text)  # 和暦 only
    # No address or phone of anyone on the agenda.
    assert "東町1丁目2-3" not in text
    assert "000-201-1234" not in text


def test_every_page_says_private_and_names_the_meeting(meeting: Meeting, coordinator: User) -> None:
    item = meeting.items.get()
    item.discussion = "\n".join(f"{n}. 話し合ったことを一行ずつ書く。" for n in range(120))
    item.save(update_fields=["discussion"])
    pages = pdf_pages(client_for(coordinator).get(printed(meeting)))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "非公開" in page
        assert MEETING_TITLE in page
        assert f"{number}/{len(pages)}ページ" in page


def test_unconfirmed_minutes_are_a_draft(meeting: Meeting, admin: User, coordinator: User) -> None:
    # The coordinator reads every meeting; the admin none (issue 19).
    assert client_for(admin).get(printed(meeting)).status_code == 404
    text = pdf_text(client_for(coordinator).get(printed(meeting)))
    assert "議事録（案）" in text
    assert "まだ確定していません" in text
    assert "議事録確定" not in text


def test_a_team_meeting_prints_its_screening_without_the_ground_rules(
    coordinator: User, kosodate: User
) -> None:
    meeting = schedule_meeting(coordinator, MeetingKind.TEAM, title="チーム会議")
    item = with_item(coordinator, meeting, open_case(kosodate, "田中家"), Purpose.SCREENING)
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.SCREENING,
        eligible=True,
        criteria=[ScreeningCriterion.HOUSEHOLD, ScreeningCriterion.GAP],
    )
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    text = pdf_text(client_for(coordinator).get(printed(meeting)))
    assert "スクリーニングの結果：支援決定（判断：世帯として支援が必要、制度の狭間）" in text
    assert "グランドルール" not in text
    assert "誓約書の版" not in text


def test_each_decision_reads_as_words() -> None:
    org = Organization.objects.get(name="東地域包括支援センター")

    def line(**values) -> dict[str, str]:
        return decision_lines(Decision(**values))

    plan = line(kind=DecisionKind.PLAN_APPROVED, plan=SupportPlan(version=2))
    assert plan["text"] == "支援プランの承認：第2版"
    closed = line(
        kind=DecisionKind.CLOSED,
        closing_reason="handback",
        handback_organization=org,
        follow_up_on=dt.date(2025, 10, 1),
        reason="落ち着いた。",
    )
    assert closed == {
        "text": "終結の承認：つなぎ戻し つなぎ戻し先（今後の主担当）：東地域包括支援センター"
        " フォローアップ予定日：令和7年10月1日",
        "reason_label": "理由",
        "reason": "落ち着いた。",
    }
    suspended = line(kind=DecisionKind.SUSPENDED, closing_reason="contact_lost")
    assert suspended["text"] == "中断の承認：連絡が取れない"
    monitoring = line(kind=DecisionKind.MONITORING, monitoring_on=dt.date(2025, 12, 1))
    assert monitoring["text"] == "次のモニタリング日：令和7年12月1日"
    refused = line(
        kind=DecisionKind.SCREENING, eligible=False, referred_to=org, reason="介護保険で対応"
    )
    assert refused["text"] == "スクリーニングの結果：対象外 つなぎ先：東地域包括支援センター"
    assert refused["reason_label"] == "理由"


# --- Who may print ----------------------------------------------------------------------------


def test_printing_is_audited_with_the_meeting(meeting: Meeting, coordinator: User) -> None:
    client_for(coordinator).get(printed(meeting))
    event = AuditEvent.objects.get(action="meeting.print")
    assert event.object_type == "meeting"
    assert event.object_id == str(meeting.pk)
    assert MEETING_TITLE in event.reason
    assert event.details == {
        "confirmed": False,
        "cases": [meeting.items.get().case_id],
        "participants": 3,
    }


@pytest.mark.parametrize(
    "username", ["keisatsu", "houkatsu", "outsider", "zeimu", "kansa", "chiiki"]
)
def test_others_get_404_participants_too(username: str, meeting: Meeting) -> None:
    # keisatsu sits at the meeting with a pledge: it reads on screen, never on paper.
    assert client_for(User.objects.get(username=username)).get(printed(meeting)).status_code == 404
    assert not AuditEvent.objects.filter(action="meeting.print").exists()


def test_a_coordinator_without_a_pledge_prints_nothing(coordinator: User, houkatsu: User) -> None:
    meeting = schedule_meeting(coordinator)
    with_item(coordinator, meeting, open_case(houkatsu, "鈴木家"), Purpose.SHARE)
    response = client_for(coordinator).get(printed(meeting), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert "守秘義務の誓約が記録されるまで" in response.content.decode()
    assert not AuditEvent.objects.filter(action="meeting.print").exists()


def test_a_missing_meeting_is_404(coordinator: User) -> None:
    assert client_for(coordinator).get(reverse("meetings:print", args=[999999])).status_code == 404


def test_without_weasyprint_it_says_what_to_install(
    meeting: Meeting, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    response = client_for(coordinator).get(printed(meeting))
    assert response.status_code == 503
    page = response.content.decode()
    assert "PDFを作れません" in page
    assert pdf.SYSTEM_PACKAGES in page
    assert reverse("meetings:detail", args=[meeting.pk]) in page
    assert not AuditEvent.objects.filter(action="meeting.print").exists()
