import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.organizations.models import Area, AreaKind, Organization
from tests.builders import new_key
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def test_it_lists_organizations_for_the_admin(admin_client: Client) -> None:
    response = admin_client.get("/manage/organizations/")
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("東地域包括支援センター", "社会福祉協議会", "税務課", "デモ警察署"):
        assert name in body


def test_it_filters_organizations(admin_client: Client) -> None:
    response = admin_client.get("/manage/organizations/", {"kind": "contractor", "q": "包括"})
    names = [organization.name for organization in response.context["page"]]
    assert len(names) == 4 and all("地域包括支援センター" in name for name in names)


def test_the_admin_registers_an_organization(admin_client: Client, admin: User) -> None:
    east = Area.objects.get(name="東圏域")
    response = admin_client.post(
        "/manage/organizations/new/",
        {
            "submission_key": new_key(),
            "name": "NPO法人あおぞら",
            "kana": "あおぞら",
            "kind": "npo",
            "fields": ["children", "education"],
            "programs": ["participation"],
            "area": east.pk,
            "phone": "000-777-0001",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="NPO法人あおぞら")
    assert organization.fields == ["children", "education"]
    assert organization.field_labels == ["子ども", "教育"]
    assert organization.area == east
    event = AuditEvent.objects.get(action="organization.create", object_id=str(organization.pk))
    assert event.actor == admin


def test_it_refuses_a_duplicate_or_empty_name_in_japanese(admin_client: Client) -> None:
    before = Organization.objects.count()
    response = admin_client.post("/manage/organizations/new/", {"name": "税務課", "kind": "npo"})
    assert response.status_code == 200
    assert "同じ名称の支援関係機関が既にあります" in response.content.decode()
    response = admin_client.post("/manage/organizations/new/", {"name": "", "kind": ""})
    assert "このフィールドは必須です" in response.content.decode()
    assert "入力内容を確認してください" in response.content.decode()
    assert Organization.objects.count() == before


def test_the_admin_edits_and_deactivates_an_organization(admin_client: Client) -> None:
    organization = Organization.objects.get(name="さくらベーカリー")
    response = admin_client.post(
        f"/manage/organizations/{organization.pk}/",
        {
            "name": "さくらベーカリー",
            "kind": "company",
            "programs": ["participation"],
            "phone": "000-600-9999",
            "loaded_at": version_of(organization.updated_at),
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.is_active is False
    assert organization.phone == "000-600-9999"
    event = AuditEvent.objects.filter(action="organization.update").latest("at")
    assert event.details["is_active"] == [True, False]


def test_the_organization_list_query_count_does_not_grow(admin_client: Client) -> None:
    few = queries_for(admin_client, "/manage/organizations/")
    east = Area.objects.get(name="東圏域")
    Organization.objects.bulk_create(
        Organization(name=f"テスト団体{i}", kind="npo", area=east) for i in range(40)
    )
    assert queries_for(admin_client, "/manage/organizations/") == few


def test_it_shows_the_area_tree(admin_client: Client) -> None:
    response = admin_client.get("/manage/areas/")
    rows = response.context["rows"]
    assert rows[0] == (0, Area.objects.get(kind=AreaKind.CITY))
    names = [area.name for _, area in rows]
    assert (
        names.index("東圏域")
        < names.index("旭地区")
        < names.index("旭町1丁目")
        < names.index("西圏域")
    )
    spheres = [area.name for depth, area in rows if depth == 1]
    assert spheres == ["東圏域", "西圏域", "南圏域", "北圏域"]


def test_the_area_list_query_count_does_not_grow(admin_client: Client) -> None:
    few = queries_for(admin_client, "/manage/areas/")
    district = Area.objects.get(name="港地区")
    Area.objects.bulk_create(
        Area(name=f"新町{i}丁目", kind=AreaKind.TOWN, parent=district, code=f"T{i}")
        for i in range(30)
    )
    assert queries_for(admin_client, "/manage/areas/") == few


def test_the_admin_adds_a_town_under_a_district(admin_client: Client) -> None:
    district = Area.objects.get(name="港地区")
    response = admin_client.post(
        "/manage/areas/new/",
        {
            "submission_key": new_key(),
            "name": "港町3丁目",
            "kind": "town",
            "parent": district.pk,
            "code": "03-02-03",
            "sort_order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    town = Area.objects.get(code="03-02-03")
    assert town.parent == district
    assert AuditEvent.objects.filter(action="area.create", object_id=str(town.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "parent_name", "message"),
    [
        ("town", "南圏域", "町丁目の上位の地域には地区を選んでください"),
        ("district", None, "地区の上位の地域には日常生活圏域を選んでください"),
        ("city", "デモ市", "市には上位の地域を設定できません"),
    ],
)
def test_it_refuses_an_area_in_the_wrong_place(
    admin_client: Client, kind: str, parent_name: str | None, message: str
) -> None:
    before = Area.objects.count()
    parent = Area.objects.get(name=parent_name).pk if parent_name else ""
    response = admin_client.post(
        "/manage/areas/new/",
        {
            "submission_key": new_key(),
            "name": "どこか",
            "kind": kind,
            "parent": parent,
            "code": "X-1",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Area.objects.count() == before


def test_it_refuses_to_change_the_kind_of_an_area_with_children(admin_client: Client) -> None:
    district = Area.objects.get(name="旭地区")
    response = admin_client.post(
        f"/manage/areas/{district.pk}/",
        {
            "name": "旭地区",
            "kind": "town",
            "parent": district.parent_id,
            "code": district.code,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    district.refresh_from_db()
    assert district.kind == AreaKind.DISTRICT
