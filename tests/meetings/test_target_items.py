"""From refusal to the 支援会議 (issue 15): an outreach target with no case on a 支援会議's
agenda — only there, since its person has not consented —, its summary under the same pledge
rules as a case's (a restricted address masked), and the decisions on it (役割分担,
次回の接触予定日) applied to the target when the minutes are confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError, version_of
from kasane.core.japanese import fiscal_year, wareki
from kasane.demo.load.meetings import load_meeting_targets
from kasane.meetings import selectors, services
from kasane.meetings.models import (
    AgendaItem,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    Purpose,
)
from kasane.meetings.print_views import decision_lines
from kasane.notices.kinds import TargetType
from kasane.notices.models import Notice
from kasane.organizations.models import Area, Organization
from kasane.outreach import services as outreach
from kasane.outreach.models import OutreachTarget
from kasane.people.models import MASK
from tests.builders import (
    DISCUSSION,
    demo_case,
    demo_person,
    new_key,
    period_pledge,
    schedule_meeting,
    today,
)
from tests.cases.test_printouts import pdf_text
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

DESCRIPTION = "南町のアパート1階の高齢女性、氏名不明"


def unidentified(csw: User, description: str = DESCRIPTION) -> OutreachTarget:
    """A target on 社協's list (csw's), not yet identified."""
    return outreach.target_register(
        actor=csw,
        source="community",
        area=Area.objects.get(name="北町3丁目"),
        description=description,
        noticed="新聞がたまっている",
        aims=["safety"],
    )


def on_agenda(coordinator: User, meeting: Meeting, target: OutreachTarget) -> AgendaItem:
    item = services.agenda_add_target(
        actor=coordinator, meeting=meeting, target=target, briefing="安否の確かめ方を決めたい。"
    )
    services.minutes_save(
        actor=coordinator, item=item, discussion=DISCUSSION, loaded_at=version_of(item.updated_at)
    )
    return item


@pytest.fixture
def target(csw: User) -> OutreachTarget:
    return unidentified(csw)


@pytest.fixture
def meeting(coordinator: User) -> Meeting:
    """A 支援会議 that began an hour ago; the coordinator pledged for the year."""
    meeting = schedule_meeting(coordinator)
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    return meeting


def offered(page) -> list[int]:
    """The targets the meeting page's form offers."""
    return [value for value, _ in page.context["target_form"].fields["target"].choices]


def item_url(item: AgendaItem) -> str:
    return reverse("meetings:item", args=[item.meeting_id, item.pk])


# --- Putting a target on the agenda -------------------------------------------------------------


def test_it_puts_a_target_on_a_support_meeting_from_the_meeting_page(
    coordinator: User, meeting: Meeting, target: OutreachTarget
) -> None:
    page = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    assert "ケースのないアウトリーチ対象を加える" in page.content.decode()
    assert target.pk in offered(page)
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add_target", args=[meeting.pk]),
        {"target": target.pk, "briefing": "安否を確かめたい。", "submission_key": new_key()},
    )
    assert response.status_code == 302
    item = meeting.items.get()
    assert (item.outreach_target, item.case, item.purpose) == (target, None, Purpose.SHARE)
    assert item.title == "氏名不明（北町3丁目）（アウトリーチ対象）"
    event = AuditEvent.objects.get(action="meeting.agenda_add", object_id=str(meeting.pk))
    assert event.details == {"item": item.pk, "outreach_target": target.pk, "purpose": "share"}
    page = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    assert "氏名不明（北町3丁目）（アウトリーチ対象）" in page.content.decode()
    assert target.pk not in [
        value for value, _ in page.context["target_form"].fields["target"].choices
    ]


def test_the_target_page_offers_the_coming_support_meetings(
    coordinator: User, target: OutreachTarget
) -> None:
    coming = schedule_meeting(
        coordinator, starts_at=timezone.now() + dt.timedelta(days=3), title="来週の支援会議"
    )
    schedule_meeting(
        coordinator,
        MeetingKind.JUSOU,
        starts_at=timezone.now() + dt.timedelta(days=3),
        title="来週の重層的支援会議",
    )
    page = client_for(coordinator).get(reverse("outreach:detail", args=[target.pk]))
    html = page.content.decode()
    assert "支援会議の議題に載せる" in html and "来週の支援会議" in html
    assert "来週の重層的支援会議" not in html  # only a 支援会議 takes a target
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add_target", args=[coming.pk]),
        {"target_number": target.pk, "next": "target", "briefing": "", "submission_key": new_key()},
    )
    assert response["Location"] == reverse("outreach:detail", args=[target.pk]) + "#meetings"
    assert coming.items.get().outreach_target == target
    html = client_for(coordinator).get(reverse("outreach:detail", args=[target.pk])).content
    assert "来週の支援会議" in html.decode()  # now among the meetings that discussed it


def test_the_assigned_worker_sees_the_meetings_but_no_button(
    csw: User, coordinator: User, target: OutreachTarget
) -> None:
    schedule_meeting(coordinator, starts_at=timezone.now() + dt.timedelta(days=3))
    html = client_for(csw).get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert "この対象を議題にした会議はありません。" in html
    assert "支援会議の議題に載せる" not in html


@pytest.mark.parametrize("kind", [MeetingKind.JUSOU, MeetingKind.TEAM, MeetingKind.OTHER])
def test_other_kinds_of_meeting_refuse_a_target(
    coordinator: User, target: OutreachTarget, kind: str
) -> None:
    meeting = schedule_meeting(coordinator, kind)
    with pytest.raises(DomainError, match="支援会議（法第106条の6）だけです"):
        services.agenda_add_target(actor=coordinator, meeting=meeting, target=target)
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add_target", args=[meeting.pk]),
        {"target_number": target.pk, "submission_key": new_key()},
    )
    assert "支援会議（法第106条の6）だけです" in response.content.decode()
    assert not meeting.items.exists()


def test_a_target_is_on_an_agenda_once_and_never_when_closed_or_with_a_case(
    coordinator: User, meeting: Meeting, target: OutreachTarget, csw: User
) -> None:
    services.agenda_add_target(actor=coordinator, meeting=meeting, target=target)
    with pytest.raises(DomainError, match="既にこの会議の議題です"):
        services.agenda_add_target(actor=coordinator, meeting=meeting, target=target)
    closed = unidentified(csw, "閉じた対象")
    outreach.target_close(
        actor=csw, target=closed, reason="moved", loaded_at=version_of(closed.updated_at)
    )
    with pytest.raises(DomainError, match="終了した対象"):
        services.agenda_add_target(actor=coordinator, meeting=meeting, target=closed)
    opened = unidentified(csw, "ケースのある対象")
    OutreachTarget.objects.filter(pk=opened.pk).update(case=demo_case("鈴木家"))
    opened.refresh_from_db()
    with pytest.raises(DomainError, match="ケースがあります。ケース番号"):
        services.agenda_add_target(actor=coordinator, meeting=meeting, target=opened)
    # 山本 勇's case (山本家) is open: the 支援会議 takes the case, not his target.
    yamamoto = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    with pytest.raises(DomainError, match=f"ケース番号 {demo_case('山本家').pk} を議題に"):
        services.agenda_add_target(actor=coordinator, meeting=meeting, target=yamamoto)
    assert yamamoto.pk not in [t.pk for t in selectors.agenda_target_choices(coordinator, meeting)]


@pytest.mark.parametrize("username", ["outsider", "csw", "keisatsu", "admin", "zeimu"])
def test_only_the_coordinator_adds_a_target(
    username: str, meeting: Meeting, target: OutreachTarget
) -> None:
    response = client_for(User.objects.get(username=username)).post(
        reverse("meetings:agenda_add_target", args=[meeting.pk]),
        {"target_number": target.pk, "submission_key": new_key()},
    )
    assert response.status_code == 404
    assert not meeting.items.exists()


# --- Who reads the target's summary -------------------------------------------------------------


@pytest.fixture
def restricted_item(coordinator: User, meeting: Meeting, keisatsu: User) -> AgendaItem:
    """佐藤 さくら (閲覧制限) on the watch list, on the 支援会議 with keisatsu invited."""
    target = outreach.target_register(
        actor=coordinator,
        source="direct",
        person=demo_person("佐藤 さくら"),
        area=Area.objects.get(name="北町3丁目"),
        noticed="夜に大声が聞こえる",
    )
    outreach.attempt_record(
        actor=coordinator,
        target=target,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        method="visit",
        result="absent",
        seen="郵便受けに郵便物",
    )
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    return on_agenda(coordinator, meeting, target)


def test_the_outsider_gets_404(outsider: User, restricted_item: AgendaItem) -> None:
    client = client_for(outsider)
    assert client.get(item_url(restricted_item)).status_code == 404
    assert (
        client.get(reverse("meetings:detail", args=[restricted_item.meeting_id])).status_code == 404
    )


def test_a_guest_without_a_pledge_sees_no_content(
    keisatsu: User, restricted_item: AgendaItem
) -> None:
    client = client_for(keisatsu)
    assert client.get(item_url(restricted_item)).status_code == 404
    page = client.get(reverse("meetings:detail", args=[restricted_item.meeting_id]))
    assert "佐藤" not in page.content.decode()
    assert "議題は1件です。" in page.content.decode()


def test_a_guest_with_a_pledge_reads_the_summary_with_the_address_masked(
    coordinator: User, keisatsu: User, restricted_item: AgendaItem
) -> None:
    meeting = restricted_item.meeting
    period_pledge(coordinator, meeting.participants.get(user=keisatsu))
    response = client_for(keisatsu).get(item_url(restricted_item))
    html = response.content.decode()
    assert "佐藤 さくら" in html and "夜に大声が聞こえる" in html
    assert "不在" in html  # the latest attempts' results
    assert "郵便受けに郵便物" not in html  # never what the worker wrote
    assert response.context["area_shown"] == MASK
    assert '<dd id="target-area">（閲覧制限）</dd>' in html
    assert "北町3丁目" not in html
    person = restricted_item.outreach_target.person
    assert person.address and person.address not in html
    event = AuditEvent.objects.filter(action="meeting.target_view").latest("pk")
    assert event.object_id == str(restricted_item.outreach_target_id)
    assert event.details == {"meeting": meeting.pk, "item": restricted_item.pk}
    assert list(event.people.values_list("person_id", flat=True)) == [person.pk]


def test_the_window_closes_for_a_guest(coordinator: User, keisatsu: User, csw: User) -> None:
    meeting = schedule_meeting(coordinator, starts_at=timezone.now() - dt.timedelta(days=30))
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    period_pledge(coordinator, meeting.participants.get(user=keisatsu))
    item = on_agenda(coordinator, meeting, unidentified(csw))
    assert client_for(keisatsu).get(item_url(item)).status_code == 404
    assert client_for(coordinator).get(item_url(item)).status_code == 200


# --- Decisions, applied when the minutes are confirmed -----------------------------------------


def test_decisions_are_applied_to_the_target_on_confirmation(
    coordinator: User, meeting: Meeting, target: OutreachTarget, csw: User, houkatsu: User
) -> None:
    item = on_agenda(coordinator, meeting, target)
    next_on = today() + dt.timedelta(days=5)
    for organization, worker, task in [
        (houkatsu.organization, houkatsu, "大家さんに連絡して同行訪問する"),
        (csw.organization, csw, "週1回の訪問を続ける"),  # 社協 is assigned already
    ]:
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=organization,
            worker=worker,
            task=task,
        )
    services.decision_add(
        actor=coordinator, item=item, kind=DecisionKind.NEXT_CONTACT, next_contact_on=next_on
    )
    assert target.assignments.count() == 1  # nothing applied before the confirmation

    decisions = services.minutes_confirm(actor=coordinator, meeting=meeting)

    target.refresh_from_db()
    assert target.next_contact_on == next_on
    current = target.assignments.filter(left_on__isnull=True)
    assert sorted(current.values_list("organization__name", flat=True)) == [
        "東地域包括支援センター",
        "社会福祉協議会",
    ]
    added = current.get(organization=houkatsu.organization)
    assert (added.worker, added.role, added.joined_on) == (
        houkatsu,
        "大家さんに連絡して同行訪問する",
        meeting.starts_on,
    )
    assert all(decision.applied_at for decision in decisions)
    roles = {d.organization_id: d for d in Decision.objects.filter(item=item, kind="role")}
    assert roles[houkatsu.organization_id].outreach_assignment == added
    assert roles[csw.organization_id].outreach_assignment is None  # no second assignment
    actions = list(
        AuditEvent.objects.filter(object_type="outreachtarget", object_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["outreach.assignment_add", "outreach.next_contact"]
    scheduled = AuditEvent.objects.get(action="outreach.next_contact", object_id=str(target.pk))
    assert scheduled.details == {"next_contact_on": next_on.isoformat()}
    assert meeting.title in scheduled.reason
    confirmed = AuditEvent.objects.get(action="meeting.confirm", object_id=str(meeting.pk))
    assert confirmed.details["targets"] == [target.pk]
    # 包括's worker is told they were assigned; 社協's worker of the task.
    told = Notice.objects.filter(target_type=TargetType.OUTREACH_TARGET, target_id=target.pk)
    assert {(n.recipient.username, n.text) for n in told} == {
        ("houkatsu", "会議の決定でアウトリーチ対象の担当になりました"),
        ("csw", "会議の決定でアウトリーチ対象について担うことが決まりました"),
    }


def test_a_closed_target_leaves_the_minutes_unconfirmed(
    coordinator: User, meeting: Meeting, target: OutreachTarget, csw: User
) -> None:
    item = on_agenda(coordinator, meeting, target)
    services.decision_add(
        actor=coordinator, item=item, kind=DecisionKind.NEXT_CONTACT, next_contact_on=today()
    )
    target.refresh_from_db()
    outreach.target_close(
        actor=csw, target=target, reason="moved", loaded_at=version_of(target.updated_at)
    )
    with pytest.raises(DomainError, match="反映できません"):
        services.minutes_confirm(actor=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_confirmed
    assert not Decision.objects.filter(item=item, applied_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (DecisionKind.PLAN_APPROVED, {}),
        (DecisionKind.CLOSED, {"closing_reason": "goal_met", "reason": "終わった"}),
        (DecisionKind.SCREENING, {"eligible": True, "criteria": ["household"]}),
        (DecisionKind.MONITORING, {"monitoring_on": dt.date(2099, 1, 1)}),
    ],
)
def test_case_only_decisions_are_refused_on_a_target(
    coordinator: User, meeting: Meeting, target: OutreachTarget, kind: str, values: dict
) -> None:
    item = on_agenda(coordinator, meeting, target)
    with pytest.raises(DomainError, match="アウトリーチ対象の議題では"):
        services.decision_add(actor=coordinator, item=item, kind=kind, **values)


def test_the_next_contact_date_is_a_target_decision_after_the_meeting_day(
    coordinator: User, meeting: Meeting, target: OutreachTarget, houkatsu: User
) -> None:
    item = on_agenda(coordinator, meeting, target)
    with pytest.raises(DomainError, match="会議の日より前"):
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.NEXT_CONTACT,
            next_contact_on=meeting.starts_on - dt.timedelta(days=1),
        )
    with pytest.raises(DomainError, match="次回の接触予定日を入力"):
        services.decision_add(actor=coordinator, item=item, kind=DecisionKind.NEXT_CONTACT)
    case_item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    with pytest.raises(DomainError, match="アウトリーチ対象の議題で決めます"):
        services.decision_add(
            actor=coordinator,
            item=case_item,
            kind=DecisionKind.NEXT_CONTACT,
            next_contact_on=today(),
        )


def test_the_item_page_offers_the_target_decisions(
    coordinator: User, meeting: Meeting, target: OutreachTarget
) -> None:
    item = on_agenda(coordinator, meeting, target)
    response = client_for(coordinator).get(item_url(item))
    assert [kind for kind, _ in response.context["decision_forms"]] == ["role", "next_contact"]
    html = response.content.decode()
    assert "次回の接触予定日を記録する" in html
    assert 'name="team_role"' not in html
    response = client_for(coordinator).post(
        reverse("meetings:decision_add", args=[meeting.pk, item.pk]),
        {
            "kind": "next_contact",
            "next_contact_on": (today() + dt.timedelta(days=7)).isoformat(),
            "submission_key": new_key(),
        },
    )
    assert response.status_code == 302
    assert item.decisions.get().next_contact_on == today() + dt.timedelta(days=7)


# --- Every page that lists the agenda -----------------------------------------------------------


def test_the_meeting_page_takes_the_same_queries_for_more_targets(
    coordinator: User, meeting: Meeting, csw: User, houkatsu: User
) -> None:
    url = reverse("meetings:detail", args=[meeting.pk])
    client = client_for(coordinator)

    def add_target(number: int) -> None:
        item = on_agenda(coordinator, meeting, unidentified(csw, f"{DESCRIPTION}{number}"))
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=houkatsu.organization,
            worker=houkatsu,
        )

    add_target(0)
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    one = queries_for(client, url)
    for number in range(1, 5):
        add_target(number)
    assert queries_for(client, url) == one


def test_the_year_counts_targets_apart_from_cases(
    coordinator: User, meeting: Meeting, target: OutreachTarget
) -> None:
    year = fiscal_year(meeting.starts_on)
    before = selectors.year_counts(year)
    on_agenda(coordinator, meeting, target)
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    after = selectors.year_counts(year)
    assert after.total_targets == before.total_targets + 1
    assert after.total_cases == before.total_cases


def test_the_minutes_print_a_target_item(
    coordinator: User, meeting: Meeting, target: OutreachTarget
) -> None:
    item = on_agenda(coordinator, meeting, target)
    decision = services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=Organization.objects.get(name="社会福祉協議会"),
        task="週1回の訪問",
    )
    assert decision_lines(decision)["text"] == "役割分担：社会福祉協議会 担うこと：週1回の訪問"
    nxt = services.decision_add(
        actor=coordinator, item=item, kind=DecisionKind.NEXT_CONTACT, next_contact_on=today()
    )
    assert decision_lines(nxt)["text"].startswith("次回の接触予定日：")


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_puts_the_unidentified_target_on_the_coming_support_meeting() -> None:
    meeting = Meeting.objects.get(title="北圏域支援会議")
    target = OutreachTarget.objects.get(description="北町3丁目のアパート2階の高齢男性、氏名不明")
    item = meeting.items.get(outreach_target=target)
    assert (item.case_id, item.purpose) == (None, Purpose.SHARE)
    assert meeting.items.filter(case__household__name="山本家").exists()
    load_meeting_targets()  # loading again adds nothing
    assert meeting.items.filter(outreach_target=target).count() == 1


def test_the_target_page_takes_the_same_queries_for_more_meetings(
    coordinator: User, target: OutreachTarget, houkatsu: User
) -> None:
    url = reverse("outreach:detail", args=[target.pk])
    client = client_for(coordinator)

    def discussed(days_ago: int) -> None:
        meeting = schedule_meeting(
            coordinator, starts_at=timezone.now() - dt.timedelta(days=days_ago, hours=1)
        )
        period_pledge(coordinator, meeting.participants.get(user=coordinator))
        item = on_agenda(coordinator, meeting, target)
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=houkatsu.organization,
            worker=houkatsu,
        )

    discussed(0)
    one = queries_for(client, url)
    for days_ago in range(1, 4):
        discussed(days_ago)
    assert queries_for(client, url) == one


@pytest.mark.pdf
def test_the_printed_minutes_name_the_target(
    coordinator: User, meeting: Meeting, target: OutreachTarget
) -> None:
    item = on_agenda(coordinator, meeting, target)
    services.decision_add(
        actor=coordinator, item=item, kind=DecisionKind.NEXT_CONTACT, next_contact_on=today()
    )
    response = client_for(coordinator).get(reverse("meetings:print", args=[meeting.pk]))
    text = "".join(pdf_text(response).split())
    assert f"氏名不明（北町3丁目）（アウトリーチ対象）（番号{target.pk}・ケースなし）" in text
    assert f"次回の接触予定日：{wareki(today())}" in text
    event = AuditEvent.objects.filter(action="meeting.print").latest("pk")
    assert event.details["targets"] == [target.pk]
