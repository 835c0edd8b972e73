"""The demo's 地域課題 and 取組 are a contract other tests rely on."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kasane.community.models import Committee, CommunityIssue, IssueStatus, Project, RaisedBy
from kasane.demo.load.community_issues import load_community_issues
from kasane.meetings.models import MeetingKind

pytestmark = pytest.mark.django_db


def test_eight_issues_across_the_four_spheres() -> None:
    issues = CommunityIssue.objects.select_related("area")
    assert issues.count() == 8
    spheres = {issue.area.name for issue in issues}
    assert spheres == {"東圏域", "西圏域", "南圏域", "北圏域"}


def test_the_named_issues() -> None:
    young = CommunityIssue.objects.get(title="若者の居場所がない")
    assert young.area.name == "北圏域" and young.status == IssueStatus.CONSIDERING
    assert young.unmet_needs.filter(area_code__startswith=young.area.code).count() == 1
    garbage = CommunityIssue.objects.get(title="ごみ出しが難しい高齢者の増加")
    assert garbage.raised_by == RaisedBy.COMMITTEE
    assert garbage.committee.name == "南圏域福祉のまちづくり委員会"
    isolated = CommunityIssue.objects.get(title="8050世帯の孤立")
    assert isolated.area.name == "東圏域" and isolated.status == IssueStatus.IN_PROGRESS
    assert isolated.raised_by == RaisedBy.TEAM_MEETING
    assert isolated.meeting.kind == MeetingKind.TEAM


def test_a_project_created_a_cafe_in_the_directory() -> None:
    project = Project.objects.get(title="ひきこもりがちな人の居場所づくり")
    assert project.issues.get().title == "8050世帯の孤立"
    assert project.resources.filter(name="居場所カフェ ひだまり").exists()


def test_the_four_committees() -> None:
    for sphere in ("東", "西", "南", "北"):
        committee = Committee.objects.get(name=f"{sphere}圏域福祉のまちづくり委員会")
        assert committee.kind == "town_planning" and committee.area.name == f"{sphere}圏域"


def test_loading_twice_changes_nothing() -> None:
    counts = (CommunityIssue.objects.count(), Project.objects.count(), Committee.objects.count())
    load_community_issues(timezone.now())
    assert counts == (
        CommunityIssue.objects.count(),
        Project.objects.count(),
        Committee.objects.count(),
    )
