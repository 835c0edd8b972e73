"""地域づくり (community development, issue 17).

Nothing in community development names a person on a case: area profiles, figures, the map,
community issues, projects and activities are read by every user who works on cases or on the
community (case-work staff, coordinators, community workers) and by admins, across the whole
city.
Referrers, auditors and meeting guests get 404, except that a referrer (つなぐシート連絡員, such
as a member of a 福祉のまちづくり委員会) may write a 地域課題シート and read the sheets they wrote.

Community records are kept by community workers and coordinators. A community worker keeps
those of their organisation's area (its 圏域, 地区 and 町丁目; an organisation without an area
works city-wide); coordinators keep every area's. The names of residents — the members of
committees and the register of resident helpers — are read only by those who keep that area's
records: admins, who manage the system, neither keep community records nor read residents'
names (issue 19). Boundary files, the city's statistics and the list of themes are for
coordinators and admins (themes: admins).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.meetings import agenda_item_for_user, meeting_for_user
from kasane.access.roles import (
    CITY_DATA_ROLES,
    COMMUNITY_KEEPER_ROLES,
    COMMUNITY_READER_ROLES,
    OVERSIGHT_ROLES,
    AnyUser,
    has_role,
    require_role,
)
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.community.models import (
    Activity,
    Committee,
    CommitteeMember,
    CommunityIssue,
    HelperMatch,
    Project,
    ResidentHelper,
    Theme,
)
from kasane.meetings.models import AgendaItem
from kasane.organizations.models import Area, AreaKind


def may_read_community(user: AnyUser) -> bool:
    return has_role(user, *COMMUNITY_READER_ROLES)


def may_keep_community(user: AnyUser) -> bool:
    return has_role(user, *COMMUNITY_KEEPER_ROLES)


def community_reader(user: AnyUser) -> User:
    """The user, when they may read community development; 404 otherwise."""
    return require_role(user, *COMMUNITY_READER_ROLES)


def community_keeper(user: AnyUser) -> User:
    """The user, when they may keep community records (of some area); 404 otherwise."""
    return require_role(user, *COMMUNITY_KEEPER_ROLES)


def kept_area_code(user: AnyUser) -> str | None:
    """The code of the area whose community records the user keeps ("" for the whole city),
    or None when they keep none. Coordinators keep every area's; a community worker their
    organisation's area."""
    if has_role(user, *OVERSIGHT_ROLES):
        return ""
    if not has_role(user, Role.COMMUNITY_WORKER):
        return None
    organization = user.organization
    area = organization.area if organization is not None else None
    # The city's own code (000) does not begin its 圏域's codes (01…): the city is everything.
    return area.code if area is not None and area.kind != AreaKind.CITY else ""


def keeps_area(user: AnyUser, area: Area) -> bool:
    """Whether the user keeps the community records of this area."""
    code = kept_area_code(user)
    return code is not None and area.code.startswith(code)


def areas_kept_by(user: AnyUser) -> QuerySet[Area]:
    """The active areas the user may place a community record in (404 for non-keepers)."""
    code = kept_area_code(user)
    if code is None:
        raise Http404
    return Area.objects.active().filter(code__startswith=code)


def _kept(queryset: QuerySet, user: AnyUser) -> QuerySet:
    code = kept_area_code(user)
    if code is None:
        raise Http404
    return queryset.filter(area_code__startswith=code) if code else queryset


def _rw(record: object, user: AnyUser) -> None:
    area = record.area  # type: ignore[attr-defined]
    if not keeps_area(user, area):
        raise Http404


# --- 地域課題 ---


def may_write_issue(user: AnyUser) -> bool:
    """Keepers write 地域課題シート for their areas; referrers (委員会の連絡員) write them too."""
    return has_role(user, Role.REFERRER, *COMMUNITY_KEEPER_ROLES)


def issues_for_user(user: AnyUser) -> QuerySet[CommunityIssue]:
    """Readers see every area's issues; a referrer only the sheets they wrote."""
    issues = CommunityIssue.objects.select_related("area", "theme", "committee")
    if may_read_community(user):
        return issues
    if has_role(user, Role.REFERRER):
        return issues.filter(written_by=user)
    raise Http404


def areas_for_issue(user: AnyUser) -> QuerySet[Area]:
    """Where the user may place a 地域課題シート: a keeper in the areas they keep, a referrer
    (a committee's liaison, who sees no records) in any active area."""
    if may_keep_community(user):
        return areas_kept_by(user)
    require_role(user, Role.REFERRER)
    return Area.objects.active()


def may_keep_issue(user: AnyUser, issue: CommunityIssue) -> bool:
    return may_keep_community(user) and keeps_area(user, issue.area)


def issue_agenda_item(user: AnyUser, pk: int) -> AgendaItem:
    """An agenda item with a case that a 地域課題 may be raised from: for a user who keeps
    community records and may see the meeting and its cases now (the meeting's own rule);
    404 otherwise, so that the page tells nobody else the item exists."""
    if not may_keep_community(user):
        raise Http404
    meeting_pk = AgendaItem.objects.filter(pk=pk, case__isnull=False).values_list(
        "meeting_id", flat=True
    )
    found = list(meeting_pk[:1])
    if not found:
        raise Http404
    meeting = meeting_for_user(user, found[0])
    return agenda_item_for_user(user, meeting, pk)


def issue_for_user(user: AnyUser, pk: int) -> CommunityIssue:
    return get_object_or_404(issues_for_user(user), pk=pk)


def issue_for_user_rw(user: AnyUser, pk: int) -> CommunityIssue:
    """An issue the user keeps: a keeper of its area (a referrer changes nothing once sent)."""
    issue = get_object_or_404(issues_for_user(user), pk=pk)
    _rw(issue, user)
    return issue


# --- 取組 and 活動 ---


def projects_for_user(user: AnyUser) -> QuerySet[Project]:
    community_reader(user)
    return Project.objects.select_related("area")


def project_for_user(user: AnyUser, pk: int) -> Project:
    return get_object_or_404(projects_for_user(user), pk=pk)


def project_for_user_rw(user: AnyUser, pk: int) -> Project:
    project = project_for_user(user, pk)
    _rw(project, user)
    return project


def activities_for_user(user: AnyUser) -> QuerySet[Activity]:
    community_reader(user)
    return Activity.objects.select_related("area", "service", "committee", "project")


def activity_for_user(user: AnyUser, pk: int) -> Activity:
    return get_object_or_404(activities_for_user(user), pk=pk)


def activity_for_user_rw(user: AnyUser, pk: int) -> Activity:
    activity = activity_for_user(user, pk)
    _rw(activity, user)
    return activity


# --- 委員会 and 担い手 (residents' names: keepers of the area only) ---


def committees_for_user(user: AnyUser) -> QuerySet[Committee]:
    """Every reader sees the committees (names of bodies, not of people)."""
    community_reader(user)
    return Committee.objects.select_related("area", "secretariat")


def committee_for_user(user: AnyUser, pk: int) -> Committee:
    return get_object_or_404(committees_for_user(user), pk=pk)


def committee_for_user_rw(user: AnyUser, pk: int) -> Committee:
    committee = committee_for_user(user, pk)
    _rw(committee, user)
    return committee


def may_see_members(user: AnyUser, committee: Committee) -> bool:
    """Members are residents: their names are for the keepers of the committee's area."""
    return keeps_area(user, committee.area)


def member_for_user_rw(user: AnyUser, committee: Committee, pk: int) -> CommitteeMember:
    if not may_see_members(user, committee):
        raise Http404
    return get_object_or_404(committee.members.all(), pk=pk)


def helpers_for_user(user: AnyUser) -> QuerySet[ResidentHelper]:
    """The register of resident helpers of the areas the user keeps."""
    return _kept(ResidentHelper.objects.select_related("area"), user)


def helper_for_user_rw(user: AnyUser, pk: int) -> ResidentHelper:
    return get_object_or_404(helpers_for_user(user), pk=pk)


def helper_match_for_user_rw(user: AnyUser, pk: int) -> HelperMatch:
    """A match of a helper the user keeps (the helper's area decides)."""
    matches = HelperMatch.objects.select_related("helper__area", "service", "project")
    return get_object_or_404(matches, pk=pk, helper__in=helpers_for_user(user))


# --- the city's data: statistics, boundaries, themes ---


def may_load_city_data(user: AnyUser) -> bool:
    """Boundary files and the city's statistics (CSV): coordinators and admins."""
    return has_role(user, *CITY_DATA_ROLES)


def city_data_loader(user: AnyUser) -> User:
    return require_role(user, *CITY_DATA_ROLES)


def themes_for_admin(user: AnyUser) -> QuerySet[Theme]:
    require_role(user, Role.ADMIN)
    return Theme.objects.all()


def theme_for_user_rw(user: AnyUser, pk: int) -> Theme:
    return get_object_or_404(themes_for_admin(user), pk=pk)


# --- 地域プロフィール (profiles): read by every reader, kept by the keepers of the area ---


def profile_areas_for_user(user: AnyUser) -> QuerySet[Area]:
    """The areas whose profile the user may read: every active area, for every reader."""
    community_reader(user)
    return Area.objects.active().select_related("parent")


def profile_area_for_user(user: AnyUser, pk: int) -> Area:
    return get_object_or_404(profile_areas_for_user(user), pk=pk)


def profile_area_for_user_rw(user: AnyUser, pk: int) -> Area:
    """An area whose profile and figures the user keeps (404 otherwise)."""
    area = profile_area_for_user(user, pk)
    if not keeps_area(user, area):
        raise Http404
    return area
