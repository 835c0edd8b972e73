"""Least privilege for system administrators (issue 19): the admin manages the system —
organisations, areas, users, code lists, settings, the resource directory, the city's data for
community development, and the register of 閲覧制限 grants by name only — and reads no case
content: every person, household, consultation, referral, case, meeting, outreach target and
participation record answers 404, as to an outsider, unaudited; so do residents' names in the
community pages. A user who also holds a role that grants it reads as that role lets them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.front import navigation
from kasane.intake.models import Consultation, Referral
from kasane.meetings.models import Meeting
from kasane.outreach.models import OutreachTarget
from kasane.participation.models import Match
from tests.builders import demo_case, demo_household, demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _content_urls() -> dict[str, str]:
    """One page of each kind of case content, for a record that exists in the demo."""
    match = Match.objects.order_by("pk").first()
    committee_member = _committee_member()
    return {
        "person": reverse("people:person_detail", args=[demo_person("鈴木 ハナ").pk]),
        "people list": reverse("people:person_list"),
        "household": reverse("people:household_detail", args=[demo_household("鈴木家").pk]),
        "households list": reverse("people:household_list"),
        "search": reverse("front:search") + "?q=すずき",
        "consultation": reverse(
            "consultations:detail", args=[Consultation.objects.order_by("pk").first().pk]
        ),
        "consultations list": reverse("consultations:list"),
        "referral": reverse("referrals:detail", args=[Referral.objects.order_by("pk").first().pk]),
        "referrals inbox": reverse("referrals:list"),
        "case": reverse("cases:detail", args=[demo_case("鈴木家").pk]),
        "cases list": reverse("cases:list"),
        "cases export": reverse("cases:export"),
        "meeting": reverse("meetings:detail", args=[Meeting.objects.order_by("pk").first().pk]),
        "meetings list": reverse("meetings:list"),
        "meeting figures": reverse("meetings:stats"),
        "outreach list": reverse("outreach:list"),
        "outreach figures": reverse("outreach:figures"),
        "participation case": reverse("participation:case", args=[match.case_id]),
        "participation match": reverse("participation:match", args=[match.pk]),
        "participation list": reverse("participation:list"),
        "participation figures": reverse("participation:figures"),
        "resident helpers": reverse("community:helper_list"),
        "committee member": committee_member,
    }


def _committee_member() -> str:
    from kasane.community.models import Committee

    committee = Committee.objects.filter(members__isnull=False).order_by("pk").first()
    return reverse(
        "community:member_edit", args=[committee.pk, committee.members.order_by("pk").first().pk]
    )


def test_the_admin_gets_404_on_every_kind_of_case_content(admin: User) -> None:
    client = client_for(admin)
    before = AuditEvent.objects.filter(actor=admin).count()
    for kind, url in _content_urls().items():
        assert client.get(url).status_code == 404, kind
    assert AuditEvent.objects.filter(actor=admin).count() == before  # nothing was shown


def test_the_admin_gets_404_on_an_outreach_target(admin: User, csw: User) -> None:
    from kasane.organizations.models import Area
    from kasane.outreach import services

    target = services.target_register(
        actor=csw,
        source="community",
        area=Area.objects.get(name="北町3丁目"),
        description="アパート2階の高齢男性",
        noticed="新聞がたまっている",
    )
    assert OutreachTarget.objects.filter(pk=target.pk).exists()
    url = reverse("outreach:detail", args=[target.pk])
    assert client_for(admin).get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "accounts:user_list",
        "accounts:user_create",
        "organizations:organization_list",
        "organizations:area_list",
        "consultations:issue_code_list",
        "resources:category_list",
        "community:theme_list",
        "notices:webhook_list",
        "notices:kind_settings",
        "notices:delivery_list",
        "people:restriction_list",
        "resources:directory",
        "community:home",
        "community:map",
        "community:map_boundaries",
        "community:figures_import",
        "community:project_list",
        "community:committee_list",
        "plans:home",
    ],
)
def test_the_admin_still_reaches_the_system_pages(admin: User, name: str) -> None:
    assert client_for(admin).get(reverse(name)).status_code == 200


def test_the_admin_is_offered_no_link_that_would_404(admin: User) -> None:
    programs = [link.label for link in navigation.links_for(admin, navigation.PROGRAMS)]
    # The plan (実施計画) names nobody: admins keep it with the coordinators. The dashboard
    # shows admins the city's totals, no record behind them.
    assert programs == ["ダッシュボード", "社会資源", "地域づくり", "計画・実績"]
    management = [link.label for link in navigation.links_for(admin, navigation.MANAGEMENT)]
    assert "閲覧制限の許可" in management and "監査ログ" not in management
    body = client_for(admin).get("/").content.decode()
    for url in (
        "/people/",
        "/households/",
        "/consultations/",
        "/referrals/",
        "/cases/",
        "/meetings/",
        "/outreach/",
        "/participation/",
        'action="/search/"',
    ):
        assert url not in body, url
    for link in navigation.links_for(admin, navigation.PROGRAMS + navigation.MANAGEMENT):
        assert client_for(admin).get(link.url).status_code == 200, link.label


def test_an_admin_who_is_also_a_coordinator_reads_as_a_coordinator(admin: User) -> None:
    admin.role_assignments.create(role=Role.COORDINATOR)
    both = User.objects.get(pk=admin.pk)
    client = client_for(both)
    assert (
        client.get(reverse("people:person_detail", args=[demo_person("鈴木 ハナ").pk])).status_code
        == 200
    )
    assert client.get(reverse("cases:detail", args=[demo_case("鈴木家").pk])).status_code == 200


def test_the_admin_sees_proposals_waiting_on_the_home_page(
    admin: User, coordinator: User, houkatsu: User
) -> None:
    from kasane.people import services

    sakura = demo_person("佐藤 さくら")
    services.restriction_grant_propose(actor=admin, person=sakura, user=houkatsu, reason="訪問")
    body = client_for(coordinator).get("/").content.decode()
    assert "承認を待っている申請が1件あります" in body
    assert "承認を待っている申請" not in client_for(admin).get("/").content.decode()  # their own
