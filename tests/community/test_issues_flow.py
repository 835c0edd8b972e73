"""地域課題 and 取組: the sheet (double submit, name check from an agenda item), status moves,
who keeps what, projects and the resources they created, audit rows and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.services import household_people
from kasane.community import issues
from kasane.community.models import CommunityIssue, IssueStatus, Project, RaisedBy, Theme
from kasane.core.errors import DomainError
from kasane.meetings.models import AgendaItem
from kasane.organizations.models import Area
from kasane.resources.models import Service, ServiceCategory
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _sheet(**extra: object) -> dict[str, object]:
    return {
        "area": Area.objects.get(name="東圏域").pk,
        "theme": Theme.objects.get(code="isolation").pk,
        "title": "夜に集まれる場所がない",
        "noticed": "仕事帰りの若い人が立ち寄れる場がない。",
        "raised_by": RaisedBy.STAFF,
        "raised_on": timezone.localdate().isoformat(),
        "submission_key": "7f1d3c1e-2a5b-4a55-9d2a-0c0b5d1f6e01",
        **extra,
    }


def _raise(actor: User, **values: object) -> CommunityIssue:
    defaults: dict[str, object] = {
        "area": Area.objects.get(name="東圏域"),
        "theme": Theme.objects.get(code="welfare"),
        "title": "テストの課題",
        "noticed": "気づいたこと",
        "raised_by": RaisedBy.STAFF,
        "raised_on": timezone.localdate(),
    }
    return issues.issue_raise(actor=actor, **{**defaults, **values})


def test_chiiki_writes_a_sheet_once_however_often_it_is_posted(chiiki: User) -> None:
    client = client_for(chiiki)
    url = reverse("community:issue_create")
    first = client.post(url, _sheet())
    second = client.post(url, _sheet())
    issue = CommunityIssue.objects.get(title="夜に集まれる場所がない")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("community:issue", args=[issue.pk])
    assert issue.status == IssueStatus.RAISED and issue.transitions.count() == 1
    assert (
        AuditEvent.objects.filter(action="community.issue_raise", object_id=issue.pk).count() == 1
    )


def test_chiiki_places_sheets_only_in_the_areas_they_keep(chiiki: User) -> None:
    client = client_for(chiiki)
    north = Area.objects.get(name="北圏域").pk
    response = client.post(reverse("community:issue_create"), _sheet(area=north))
    assert response.status_code == 200
    assert not CommunityIssue.objects.filter(title="夜に集まれる場所がない").exists()


def test_a_future_raised_on_is_refused(chiiki: User) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client_for(chiiki).post(
        reverse("community:issue_create"), _sheet(raised_on=tomorrow)
    )
    assert "未来の日付" in response.content.decode()
    assert not CommunityIssue.objects.filter(title="夜に集まれる場所がない").exists()


def test_a_referrer_writes_a_sheet_anywhere_and_reads_only_their_own(zeimu: User) -> None:
    client = client_for(zeimu)
    north = Area.objects.get(name="北圏域").pk
    response = client.post(reverse("community:issue_create"), _sheet(area=north))
    issue = CommunityIssue.objects.get(title="夜に集まれる場所がない")
    assert response.url == reverse("community:issue", args=[issue.pk])
    page = client.get(response.url).content.decode()
    assert "取組をつくる" not in page and "状態を変える" not in page
    listed = client.get(reverse("community:issue_list")).content.decode()
    assert "夜に集まれる場所がない" in listed and "若者の居場所がない" not in listed
    assert client.get(reverse("community:issue_edit", args=[issue.pk])).status_code == 404


def test_chiiki_reads_but_does_not_keep_the_north(chiiki: User) -> None:
    client = client_for(chiiki)
    issue = CommunityIssue.objects.get(title="若者の居場所がない")
    assert client.get(reverse("community:issue", args=[issue.pk])).status_code == 200
    assert client.get(reverse("community:issue_edit", args=[issue.pk])).status_code == 404
    move = {"to_status": "in_progress", "occurred_on": timezone.localdate().isoformat()}
    assert client.post(reverse("community:issue_move", args=[issue.pk]), move).status_code == 404
    create = reverse("community:project_create") + f"?issue={issue.pk}"
    assert client.get(create).status_code == 404


def _team_item() -> AgendaItem:
    return AgendaItem.objects.get(meeting__title="週次チーム会議", case__household__name="原田家")


def test_an_issue_from_an_agenda_item_refuses_the_names_on_its_case(coordinator: User) -> None:
    item = _team_item()
    client = client_for(coordinator)
    url = reverse("community:issue_create") + f"?agenda_item={item.pk}"
    page = client.get(url)
    assert page.status_code == 200
    person = household_people(item.case)[-1]
    named = _sheet(noticed=f"{person.family_name}さんの家では、親の入院で困りごとが重なった。")
    named.pop("raised_by")
    response = client.post(url, named)
    assert "個人が分かる名前" in response.content.decode(), response.content.decode()[-6000:]
    assert not CommunityIssue.objects.filter(title="夜に集まれる場所がない").exists()
    plain = {**named, "noticed": "親の入院で、障害のある子の暮らしと家計が一度に揺らぐ世帯がある。"}
    response = client.post(url, plain)
    issue = CommunityIssue.objects.get(title="夜に集まれる場所がない")
    assert issue.meeting_id == item.meeting_id and issue.agenda_item_id == item.pk
    assert issue.raised_by == RaisedBy.TEAM_MEETING
    shown = client.get(reverse("community:issue", args=[issue.pk])).content.decode()
    main = shown[shown.index("<main") :]
    assert item.case.main_person.family_name not in main and "ケース" not in main


def test_the_meeting_page_links_its_cases_to_a_new_issue(coordinator: User) -> None:
    item = _team_item()
    page = client_for(coordinator).get(reverse("meetings:detail", args=[item.meeting_id]))
    assert f"?agenda_item={item.pk}" in page.content.decode()


@pytest.mark.parametrize("username", ["chiiki", "houkatsu", "zeimu"])
def test_only_who_may_see_the_meeting_and_keep_issues_raise_from_it(username: str) -> None:
    url = reverse("community:issue_create") + f"?agenda_item={_team_item().pk}"
    user = User.objects.get(username=username)
    assert client_for(user).get(url).status_code == 404


def test_status_moves_along_the_allowed_path(coordinator: User) -> None:
    issue = _raise(coordinator)
    with pytest.raises(DomainError, match="変更できません"):
        issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.WATCHING)
    with pytest.raises(DomainError, match="取組をつくって"):
        issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.IN_PROGRESS)
    issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.CONSIDERING)
    issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.WATCHING)
    issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.CONSIDERING)
    issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.RESOLVED)
    with pytest.raises(DomainError, match="理由"):
        issues.issue_move(actor=coordinator, issue=issue, to_status=IssueStatus.CONSIDERING)
    issues.issue_move(
        actor=coordinator, issue=issue, to_status=IssueStatus.CONSIDERING, note="再び増えた"
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CONSIDERING
    assert issue.transitions.count() == 6
    assert AuditEvent.objects.filter(action="community.issue_move", object_id=issue.pk).count() == 5


def test_an_illegal_move_posted_is_refused_in_japanese(coordinator: User) -> None:
    issue = _raise(coordinator)
    response = client_for(coordinator).post(
        reverse("community:issue_move", args=[issue.pk]),
        {"to_status": "resolved", "occurred_on": timezone.localdate().isoformat()},
    )
    assert "「提起」から「解決」には変更できません" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RAISED


def test_a_project_from_an_issue_moves_it_to_in_progress(chiiki: User) -> None:
    issue = CommunityIssue.objects.get(title="通いの場の担い手不足")
    client = client_for(chiiki)
    url = reverse("community:project_create") + f"?issue={issue.pk}"
    data = {
        "title": "通いの場の鍵当番",
        "description": "鍵の開け閉めを交代で担う。",
        "leads": "町会と通いの場の参加者",
        "area": issue.area_id,
        "started_on": timezone.localdate().isoformat(),
        "submission_key": "0c3a1f2e-6a0b-4a55-9d2a-0c0b5d1f6e02",
    }
    response = client.post(url, data)
    project = Project.objects.get(title="通いの場の鍵当番")
    assert response.url == reverse("community:project", args=[project.pk])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS
    assert list(project.issues.all()) == [issue]
    assert AuditEvent.objects.filter(action="community.project_create").exists()


def test_a_project_registers_a_resource_linked_both_ways(coordinator: User) -> None:
    project = Project.objects.get(title="ひきこもりがちな人の居場所づくり")
    client = client_for(coordinator)
    page = client.get(reverse("community:project", args=[project.pk])).content.decode()
    assert "社会資源として登録する" in page
    response = client.post(
        reverse("community:project_resource_create", args=[project.pk]),
        {
            "organization_name": "まちの縁側の会",
            "organization_kana": "まちのえんがわのかい",
            "name": "まちの縁側カフェ",
            "kana": "まちのえんがわかふぇ",
            "description": "誰でも立ち寄れる縁側のカフェ。",
            "categories": [str(ServiceCategory.objects.get(code="ibasho").pk)],
            "place-place_name": "縁側ハウス",
            "place-address": "デモ市旭町1丁目2-2",
            "place-area": str(Area.objects.get(name="旭町1丁目").pk),
            "place-freq": "WEEKLY",
            "place-days": ["WE"],
            "place-opens_at": "10:00",
            "place-closes_at": "15:00",
            "submission_key": "1d3a1f2e-6a0b-4a55-9d2a-0c0b5d1f6e03",
        },
    )
    service = Service.objects.filter(name="まちの縁側カフェ").first()
    assert service is not None, response.content.decode().split("form-errors")[1][:800]
    assert project.resources.filter(pk=service.pk).exists()
    shown = client.get(reverse("resources:detail", args=[service.pk])).content.decode()
    assert "この社会資源が生まれた取組・地域課題" in shown and "8050世帯の孤立" in shown
    assert AuditEvent.objects.filter(
        action="community.project_link_resource", object_id=project.pk
    ).exists()


def test_a_resource_page_hides_its_origins_from_non_readers(sanka: User, chiiki: User) -> None:
    service = Service.objects.get(name="居場所カフェ ひだまり")
    url = reverse("resources:detail", args=[service.pk])
    assert "ひきこもりがちな人の居場所づくり" in client_for(chiiki).get(url).content.decode()


def test_an_edit_against_an_old_version_is_refused(chiiki: User) -> None:
    issue = CommunityIssue.objects.get(title="通いの場の担い手不足")
    client = client_for(chiiki)
    data = {
        "theme": issue.theme_id,
        "title": "通いの場の担い手が足りない",
        "noticed": issue.noticed,
        "loaded_at": "2020-01-01T00:00:00+00:00",
    }
    response = client.post(reverse("community:issue_edit", args=[issue.pk]), data)
    assert "ほかの利用者が変更しました" in response.content.decode()
    issue.refresh_from_db()
    assert issue.title == "通いの場の担い手不足"
    data["loaded_at"] = issue.updated_at.isoformat()
    response = client.post(reverse("community:issue_edit", args=[issue.pk]), data)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="community.issue_update", object_id=issue.pk).exists()


def test_the_list_filters_and_is_audited(coordinator: User) -> None:
    client = client_for(coordinator)
    south = Area.objects.get(name="南圏域").pk
    page = client.get(reverse("community:issue_list"), {"area": south}).content.decode()
    assert "ごみ出しが難しい高齢者の増加" in page and "若者の居場所がない" not in page
    page = client.get(reverse("community:issue_list"), {"raised_by": "committee"}).content.decode()
    assert "買い物が難しい" in page and "外国籍世帯の孤立" not in page
    page = client.get(reverse("community:issue_list"), {"status": "bogus"}).content.decode()
    assert "若者の居場所がない" not in page
    assert AuditEvent.objects.filter(actor=coordinator, action="community.issue_list").exists()


def test_list_queries_do_not_grow_with_rows(coordinator: User) -> None:
    client = client_for(coordinator)
    url = reverse("community:issue_list")
    before = queries_for(client, url)
    for number in range(15):
        _raise(coordinator, title=f"課題{number}")
    assert queries_for(client, url) == before
    projects = reverse("community:project_list")
    before = queries_for(client, projects)
    issue = CommunityIssue.objects.get(title="課題1")
    for number in range(5):
        issues.project_create(
            actor=coordinator,
            title=f"取組{number}",
            description="d",
            leads="l",
            area=issue.area,
            started_on=timezone.localdate(),
            issue=issue,
        )
    assert queries_for(client, projects) == before


def test_issue_page_queries_are_constant(coordinator: User) -> None:
    issue = CommunityIssue.objects.get(title="8050世帯の孤立")
    client = client_for(coordinator)
    assert queries_for(client, reverse("community:issue", args=[issue.pk])) < 30
