"""The register of meeting bodies (会議体) and the year's counts (会議の実績): coordinators list,
add and edit bodies (a concurrent edit is not overwritten silently), see where
bodies overlap and how many meetings each held; the counts come from confirmed minutes only.
Everyone else, admins included (issue 19), gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, ScreeningCriterion, TeamRole
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.meetings import selectors, services
from kasane.meetings.models import (
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    Purpose,
    Target,
)
from kasane.organizations.models import Organization
from tests.builders import (
    an_hour_ago,
    new_key,
    open_case,
    period_pledge,
    schedule_meeting,
    today,
    with_item,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:body_list")
CREATE = reverse("meetings:body_create")
STATS = reverse("meetings:stats")
QUERIES = 11  # the register takes 9, the counts 11 (session, user, roles, records, audit)


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def add_body(actor: User, name: str, members: list[str], **values) -> MeetingBody:
    fields = {
        "kind": MeetingKind.OTHER,
        "legal_basis": "",
        "convener": actor.organization,
        "targets": [Target.ELDERLY],
        "other_members": "",
        "frequency": "毎月",
        "usual_minutes": 90,
        "purpose": "",
        "is_active": True,
        **values,
    }
    return services.body_save(
        actor=actor, body=None, members=[org(m) for m in members], name=name, **fields
    )


def edit_url(body: MeetingBody) -> str:
    return reverse("meetings:body_edit", args=[body.pk])


def form_data(body: MeetingBody | None = None, **values) -> dict:
    data = {
        "name": "北圏域ケース検討会議",
        "kind": MeetingKind.OTHER,
        "legal_basis": "介護保険法第115条の48",
        "convener": org("東地域包括支援センター").pk,
        "targets": [Target.ELDERLY, Target.COMPLEX],
        "members": [org("東地域包括支援センター").pk, org("社会福祉協議会").pk],
        "other_members": "民生委員・児童委員",
        "frequency": "毎月",
        "usual_minutes": "120",
        "purpose": "個別ケースから地域の課題を見つける。",
        "is_active": "on",
        "loaded_at": body.updated_at.isoformat() if body else "",
        "submission_key": new_key(),
    }
    data.update(values)
    return data


# --- The register -----------------------------------------------------------------------------


def test_it_lists_the_register(coordinator: User, admin: User) -> None:
    assert client_for(admin).get(LIST).status_code == 404  # issue 19: meetings are case work
    body = add_body(
        coordinator,
        "高齢者見守りネットワーク会議",
        ["東地域包括支援センター", "社会福祉協議会"],
        legal_basis="市の要綱",
        other_members="民生委員・児童委員、警察署",
        targets=[Target.ELDERLY, Target.REFUSING],
    )
    for user in (coordinator,):
        page = client_for(user).get(LIST).content.decode()
        for words in [
            "高齢者見守りネットワーク会議",
            "その他の会議体",
            "市の要綱",
            "高齢者、支援につながっていない人・拒否する人",
            "社会福祉協議会",
            "その他：民生委員・児童委員、警察署",
            "毎月",
            "90分",
            "使用中",
            f"?when=all&amp;body={body.pk}",
            edit_url(body),
        ]:
            assert words in page, words


def test_it_counts_the_meetings_held(coordinator: User, houkatsu: User) -> None:
    body = add_body(coordinator, "東圏域支援会議", [], kind=MeetingKind.SUPPORT)
    held_meeting(coordinator, open_case(houkatsu, "鈴木家"), body=body)
    schedule_meeting(coordinator, body=body)  # scheduled: not held
    page = client_for(coordinator).get(LIST).content.decode()
    assert f'body={body.pk}">1回<' in page


def test_it_shows_overlapping_bodies(coordinator: User) -> None:
    shared = ["東地域包括支援センター", "社会福祉協議会", "こども家庭センター"]
    add_body(coordinator, "高齢者見守り会議", shared[:2], targets=[Target.ELDERLY])
    add_body(coordinator, "東圏域ケース会議", shared, targets=[Target.ELDERLY, Target.COMPLEX])
    add_body(coordinator, "子育て会議", shared, targets=[Target.CHILDREN])
    add_body(coordinator, "古い見守り会議", shared, is_active=False)
    response = client_for(coordinator).get(LIST)
    pairs = {
        frozenset((overlap.first.name, overlap.second.name))
        for overlap in response.context["overlaps"]
    }
    assert frozenset(("高齢者見守り会議", "東圏域ケース会議")) in pairs
    assert frozenset(("高齢者見守り会議", "子育て会議")) not in pairs  # other people
    assert not [pair for pair in pairs if "古い見守り会議" in pair]  # no longer in use
    page = response.content.decode()
    overlaps = page[page.index("重なっている会議体") :]
    assert "参加者や内容が似た会議を整理する" in overlaps
    assert "高齢者見守り会議" in overlaps
    assert "東地域包括支援センター、社会福祉協議会（2機関）" in overlaps


def test_it_adds_a_body(coordinator: User) -> None:
    client = client_for(coordinator)
    assert "会議体の登録" in client.get(CREATE).content.decode()
    response = client.post(CREATE, form_data(), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "会議体「北圏域ケース検討会議」を登録しました。" in response.content.decode()
    body = MeetingBody.objects.get(name="北圏域ケース検討会議")
    assert body.targets == [Target.ELDERLY, Target.COMPLEX]
    assert sorted(body.members.values_list("name", flat=True)) == [
        "東地域包括支援センター",
        "社会福祉協議会",
    ]
    assert body.usual_minutes == 120
    assert AuditEvent.objects.filter(
        action="meeting_body.create", object_id=str(body.pk), actor=coordinator
    ).exists()


def test_it_refuses_a_body_without_targets_or_with_a_taken_name(coordinator: User) -> None:
    add_body(coordinator, "北圏域ケース検討会議", [])
    before = MeetingBody.objects.count()
    page = client_for(coordinator).post(CREATE, form_data(targets=[])).content.decode()
    assert "対象者を一つ以上選んでください。" in page
    assert "同じ名称の会議体が既に登録されています。" in page
    assert MeetingBody.objects.count() == before


def test_it_edits_a_body(coordinator: User) -> None:
    body = add_body(coordinator, "北圏域ケース検討会議", ["東地域包括支援センター"])
    client = client_for(coordinator)
    page = client.get(edit_url(body)).content.decode()
    assert "北圏域ケース検討会議" in page
    assert body.updated_at.isoformat() in page
    data = form_data(body, frequency="隔月", members=[org("社会福祉協議会").pk])
    response = client.post(edit_url(body), data, follow=True)
    assert "会議体「北圏域ケース検討会議」を保存しました。" in response.content.decode()
    body.refresh_from_db()
    assert body.frequency == "隔月"
    assert list(body.members.values_list("name", flat=True)) == ["社会福祉協議会"]
    event = AuditEvent.objects.get(action="meeting_body.update", object_id=str(body.pk))
    assert event.details["members"] == [["東地域包括支援センター"], ["社会福祉協議会"]]


def test_a_concurrent_edit_is_not_overwritten_silently(coordinator: User, admin: User) -> None:
    body = add_body(coordinator, "北圏域ケース検討会議", [])
    opened = form_data(body)
    services.body_save(
        actor=admin,
        body=body,
        members=[],
        loaded_at=body.updated_at.isoformat(),
        targets=body.targets,
        frequency="随時",
    )
    client = client_for(coordinator)
    response = client.post(edit_url(body), {**opened, "frequency": "毎週"})
    assert response.status_code == 200
    assert "ほかの利用者が変更しました" in response.content.decode()
    body.refresh_from_db()
    assert body.frequency == "随時"
    # The form now carries the stored version: saving again overwrites knowingly.
    again = dict(opened, frequency="毎週", loaded_at=response.context["form"]["loaded_at"].value())
    assert client.post(edit_url(body), again).status_code == 302
    body.refresh_from_db()
    assert body.frequency == "毎週"


def test_the_kind_of_a_body_with_meetings_stays(coordinator: User) -> None:
    body = add_body(coordinator, "東圏域支援会議", [], kind=MeetingKind.SUPPORT)
    schedule_meeting(coordinator, body=body)
    page = client_for(coordinator).post(edit_url(body), form_data(body, kind=MeetingKind.JUSOU))
    assert "会議の種類（適用する規則）は変えられません" in page.content.decode()
    body.refresh_from_db()
    assert body.kind == MeetingKind.SUPPORT


@pytest.mark.parametrize("username", ["houkatsu", "keisatsu", "zeimu", "kansa", "outsider"])
def test_others_get_404(username: str, coordinator: User) -> None:
    body = add_body(coordinator, "北圏域ケース検討会議", [])
    client = client_for(User.objects.get(username=username))
    for url in (LIST, CREATE, edit_url(body), STATS):
        assert client.get(url).status_code == 404, url
    assert client.post(CREATE, form_data()).status_code == 404
    assert client.post(edit_url(body), form_data(body, name="乗っ取り")).status_code == 404
    body.refresh_from_db()
    assert body.name == "北圏域ケース検討会議"
    assert not AuditEvent.objects.filter(action="meeting.stats").exists()


def test_a_missing_body_is_404(coordinator: User) -> None:
    response = client_for(coordinator).get(reverse("meetings:body_edit", args=[999999]))
    assert response.status_code == 404


def test_the_register_takes_the_same_queries_for_more_bodies(
    coordinator: User, django_assert_max_num_queries
) -> None:
    members = ["東地域包括支援センター", "社会福祉協議会", "こども家庭センター"]
    client = client_for(coordinator)
    for n in range(3):
        add_body(coordinator, f"会議体{n}", members)
    client.get(LIST)
    with django_assert_max_num_queries(QUERIES) as few:
        client.get(LIST)
    for n in range(3, 12):
        add_body(coordinator, f"会議体{n}", members, kind=MeetingKind.SUPPORT)
        schedule_meeting(coordinator, body=MeetingBody.objects.get(name=f"会議体{n}"))
    with django_assert_max_num_queries(len(few)):
        assert "会議体11" in client.get(LIST).content.decode()


# --- The year's counts ------------------------------------------------------------------------


def held_meeting(
    coordinator: User,
    case: Case,
    kind: str = MeetingKind.SUPPORT,
    *,
    starts_at: dt.datetime | None = None,
    **values,
) -> Meeting:
    """A meeting walked through the services to confirmed minutes: one agenda item for the
    case with a decision (a role at a 支援会議, the screening at a チーム会議)."""
    meeting = schedule_meeting(coordinator, kind, starts_at=starts_at, **values)
    if meeting.needs_pledge:
        period_pledge(coordinator, meeting.participants.get(user=coordinator))
    purpose = Purpose.SCREENING if kind == MeetingKind.TEAM else Purpose.SHARE
    item = with_item(coordinator, meeting, case, purpose)
    if kind == MeetingKind.TEAM:
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.SCREENING,
            eligible=True,
            criteria=[ScreeningCriterion.HOUSEHOLD],
        )
    elif starts_at is None:
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=org("社会福祉協議会"),
            team_role=TeamRole.OUTREACH,
            task="月2回の訪問",
        )
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    return meeting


def stats_url(meeting: Meeting) -> str:
    return f"{STATS}?year={fiscal_year(meeting.starts_on)}"


def counted(year: int) -> dict:
    """The year's counts as plain numbers (the demo city holds meetings too: tests compare)."""
    counts = selectors.year_counts(year)
    rows = {row["kind"]: (row["meetings"], row["items"], row["cases"]) for row in counts.rows}
    return {
        **rows,
        "meetings": counts.total_meetings,
        "cases": counts.total_cases,
        **dict(counts.decisions),
    }


def test_it_counts_the_year(coordinator: User, houkatsu: User, kosodate: User) -> None:
    year = fiscal_year(timezone.localdate(an_hour_ago()))
    before = counted(year)
    suzuki = open_case(houkatsu, "鈴木家")
    tanaka = open_case(kosodate, "田中家")
    team = held_meeting(coordinator, tanaka, MeetingKind.TEAM, title="チーム会議")
    held_meeting(coordinator, suzuki)
    held_meeting(coordinator, tanaka)
    # Last year's meeting, a meeting still scheduled and a cancelled one are not counted.
    held_meeting(coordinator, tanaka, starts_at=timezone.now() - dt.timedelta(days=400))
    schedule_meeting(coordinator)
    cancelled = schedule_meeting(coordinator)
    services.meeting_cancel(actor=coordinator, meeting=cancelled, reason="台風のため")

    response = client_for(coordinator).get(stats_url(team))
    assert response.context["year"] == year
    after = counted(year)
    added = {
        key: tuple(a - b for a, b in zip(value, before[key], strict=True))
        if isinstance(value, tuple)
        else value - before[key]
        for key, value in after.items()
    }
    assert added == {
        MeetingKind.SUPPORT: (2, 2, 2),
        MeetingKind.JUSOU: (0, 0, 0),
        MeetingKind.TEAM: (1, 1, 1),
        MeetingKind.OTHER: (0, 0, 0),
        "meetings": 3,
        "cases": 2,  # 田中家 at two kinds is one case
        "スクリーニングの結果": 1,
        "支援プランの承認": 0,
        "終結の承認": 0,
        "中断の承認": 0,
        "役割分担": 2,
        "次のモニタリング日": 0,
        "次回の接触予定日": 0,
    }
    page = response.content.decode()
    assert fiscal_year_label(year) in page
    assert f"{after['meetings']}回" in page
    assert "支援会議（法第106条の6）" in page
    assert AuditEvent.objects.filter(
        action="meeting.stats", details={"fiscal_year": year}, actor=coordinator
    ).exists()


def test_the_year_defaults_to_this_one(coordinator: User) -> None:
    client = client_for(coordinator)
    this_year = fiscal_year(today())
    response = client.get(STATS)
    assert response.status_code == 200
    assert response.context["year"] == this_year
    assert f'<option value="{this_year - 1}">' in response.content.decode()
    events = AuditEvent.objects.filter(action="meeting.stats", actor=coordinator)
    assert [event.details for event in events] == [{"fiscal_year": this_year}]


@pytest.mark.parametrize("year", ["1999", "x"])
def test_a_year_not_offered_is_refused_not_replaced_by_this_one(
    coordinator: User, year: str
) -> None:
    # Issue 13 point 5: it used to show this year's counts under the user's question.
    response = client_for(coordinator).get(f"{STATS}?year={year}")
    assert response.status_code == 200
    assert "year" not in response.context and "counts" not in response.context
    page = response.content.decode()
    assert "絞り込みの条件に誤りがあるため、一覧を表示していません。" in page
    assert "年度：正しく選択してください。" in page
    assert "開催した会議" not in page
    assert not AuditEvent.objects.filter(action="meeting.stats", actor=coordinator).exists()


def test_the_counts_take_the_same_queries_for_more_meetings(
    coordinator: User, houkatsu: User, kosodate: User, django_assert_max_num_queries
) -> None:
    client = client_for(coordinator)
    first = held_meeting(coordinator, open_case(houkatsu, "鈴木家"))
    client.get(stats_url(first))
    with django_assert_max_num_queries(QUERIES) as few:
        few_total = client.get(stats_url(first)).context["counts"].total_meetings
    tanaka = open_case(kosodate, "田中家")
    for _ in range(4):
        held_meeting(coordinator, tanaka)
    with django_assert_max_num_queries(len(few)):
        response = client.get(stats_url(first))
    assert response.context["counts"].total_meetings == few_total + 4
