"""Reads of 地域課題 and 取組: the lists (filtered from the access getters' querysets), an
issue's page and a project's page, and the unmet needs an issue may cite."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from kasane import access
from kasane.accounts.models import User
from kasane.community.models import CommunityIssue, IssueTransition, Project
from kasane.core.japanese import fiscal_year_range
from kasane.organizations.models import Area
from kasane.participation.models import UnmetNeed
from kasane.resources.models import Service

ISSUE_ORDER = ("-raised_on", "-id")
PROJECT_ORDER = ("-started_on", "-id")
UNMET_NEED_LIMIT = 50  # the newest of an area: evidence, not a register


def issue_list(user: User, values: dict[str, Any]) -> QuerySet[CommunityIssue]:
    issues = access.issues_for_user(user)
    area: Area | None = values.get("area")
    if area is not None:
        issues = issues.filter(area_code__startswith=area.code)
    for name in ("theme", "status", "raised_by"):
        if values.get(name):
            issues = issues.filter(**{name: values[name]})
    if values.get("year"):
        start, end = fiscal_year_range(values["year"])
        issues = issues.filter(raised_on__range=(start, end))
    return issues.order_by(*ISSUE_ORDER)


def criteria(values: dict[str, Any]) -> dict[str, Any]:
    """The filters used, for the audit row (codes and years: nothing personal)."""
    found: dict[str, Any] = {}
    for name, value in values.items():
        if value in (None, ""):
            continue
        found[name] = getattr(value, "code", value)
    return found


def unmet_needs_for(area: Area | None) -> QuerySet[UnmetNeed]:
    """The unmet needs an issue of this area may cite: the area and the areas inside it."""
    needs = UnmetNeed.objects.select_related("area").order_by("-recorded_on", "-pk")
    if area is None:
        return needs.none()
    return needs.filter(area_code__startswith=area.code)


def issue_page(user: User, issue: CommunityIssue) -> dict[str, Any]:
    """What the issue's page shows besides the issue: its evidence, history and projects. The
    agenda item it came from is never shown (its case is not for community pages)."""
    keeps = access.may_keep_issue(user, issue)
    projects: list[Project] = []
    needs: list[UnmetNeed] = []
    # A referrer reads their sheet as written: not the records others linked to it.
    if access.may_read_community(user):
        needs = list(issue.unmet_needs.select_related("area"))
        projects = list(
            issue.projects.select_related("area").prefetch_related(
                Prefetch("resources", queryset=Service.objects.order_by("kana", "pk"))
            )
        )
    return {
        "unmet_needs": needs,
        "reads_all": access.may_read_community(user),
        "transitions": list(
            IssueTransition.objects.filter(issue=issue).select_related("actor").order_by("at", "pk")
        ),
        "projects": projects,
        "keeps": keeps,
    }


def project_list(user: User, values: dict[str, Any]) -> QuerySet[Project]:
    projects = access.projects_for_user(user)
    area: Area | None = values.get("area")
    if area is not None:
        projects = projects.filter(area_code__startswith=area.code)
    if values.get("year"):
        start, end = fiscal_year_range(values["year"])
        # A project counts in a year it ran in: started by its end, not ended before its start.
        projects = projects.filter(started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )
    return projects.prefetch_related("issues", "resources").order_by(*PROJECT_ORDER)


def project_page(project: Project) -> dict[str, Any]:
    return {
        "issues": list(project.issues.select_related("area", "theme")),
        "resources": list(project.resources.select_related("organization").order_by("kana")),
        "organizations": list(project.organizations.order_by("kana", "pk")),
    }


def resource_origins(user: User, service: Service) -> dict[str, Any] | None:
    """For the resource's page: the projects that created it and their issues, for readers of
    community development; None when there are none or the viewer may not read them."""
    if not access.may_read_community(user):
        return None
    projects = list(
        access.projects_for_user(user)
        .filter(resources=service)
        .prefetch_related("issues")
        .order_by(*PROJECT_ORDER)
    )
    if not projects:
        return None
    return {"projects": projects}
