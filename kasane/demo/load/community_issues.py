"""Loads デモ市's 地域課題 and 取組 (issue 17) through the community services (so they are
audited), dated in the story's past. What is already there (an issue or project by its title,
a committee by its name) is left as it is, so loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.community import issues
from kasane.community.models import (
    Committee,
    CommitteeKind,
    CommunityIssue,
    Project,
    Theme,
)
from kasane.community.themes import ensure_default_themes
from kasane.demo.city.community_issues import COMMITTEES, ISSUES
from kasane.meetings.models import Meeting, MeetingKind
from kasane.organizations.models import Area, Organization
from kasane.participation.models import UnmetNeed
from kasane.resources.models import Service


def load_community_issues(now: dt.datetime) -> None:
    today = timezone.localdate(now)
    ensure_default_themes()
    for name, area in COMMITTEES:
        # Another part of the demo adds the members and may create these too: by name.
        Committee.objects.get_or_create(
            name=name,
            defaults={"kind": CommitteeKind.TOWN_PLANNING, "area": Area.objects.get(name=area)},
        )
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    for spec in ISSUES:
        if not CommunityIssue.objects.filter(title=spec["title"]).exists():
            _issue(users, spec, today)


def _issue(users: dict[str, User], spec: dict[str, Any], today: dt.date) -> None:
    actor = users[spec["by"]]
    needs = UnmetNeed.objects.filter(note=spec["unmet_need"]) if "unmet_need" in spec else []
    issue = issues.issue_raise(
        actor=actor,
        area=Area.objects.get(name=spec["area"]),
        theme=Theme.objects.get(code=spec["theme"]),
        title=spec["title"],
        noticed=spec["noticed"],
        voices=spec["voices"],
        evidence=spec["evidence"],
        raised_by=spec["raised_by"],
        raised_on=today - dt.timedelta(days=spec["days_ago"]),
        unmet_needs=list(needs),
        committee=Committee.objects.get(name=spec["committee"]) if "committee" in spec else None,
        # Raised at the meeting, not from one of its agenda items: no case behind the text.
        meeting=Meeting.objects.filter(kind=MeetingKind.TEAM, title=spec["meeting"]).first()
        if "meeting" in spec
        else None,
    )
    for status, days_ago, note in spec["moves"]:
        issues.issue_move(
            actor=actor,
            issue=issue,
            to_status=status,
            note=note,
            occurred_on=today - dt.timedelta(days=days_ago),
        )
    if "project" in spec:
        _project(actor, issue, spec["project"], today)


def _project(actor: User, issue: CommunityIssue, spec: dict[str, Any], today: dt.date) -> None:
    if Project.objects.filter(title=spec["title"]).exists():
        return
    project = issues.project_create(
        actor=actor,
        issue=issue,
        title=spec["title"],
        description=spec["description"],
        leads=spec["leads"],
        area=issue.area,
        started_on=today - dt.timedelta(days=spec["days_ago"]),
        organizations=list(Organization.objects.filter(name__in=spec["organizations"])),
    )
    for name in spec["resources"]:
        service = Service.objects.get(name=name)
        issues.project_link_resource(actor=actor, project=project, service=service)
