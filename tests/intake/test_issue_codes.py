import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.intake import services
from kasane.intake.models import IssueCode
from tests.builders import new_key
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

LIST_URL = reverse("consultations:issue_code_list")
CREATE_URL = reverse("consultations:issue_code_create")


def edit_url(code: IssueCode) -> str:
    return reverse("consultations:issue_code_edit", args=[code.pk])


def test_it_starts_with_the_national_defaults() -> None:
    names = list(IssueCode.objects.values_list("name", flat=True))
    assert len(names) == 28
    assert names[0] == "病気や健康"
    assert names[-1] == "その他"
    assert {"税金・公共料金", "防災・防犯", "ひきこもり・不登校"} <= set(names)


def test_it_lists_the_items_in_order_for_the_admin(admin_client: Client) -> None:
    tax = IssueCode.objects.get(name="税金・公共料金")
    tax.is_active = False
    tax.save()
    response = admin_client.get(LIST_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert [code.name for code in response.context["codes"]][:2] == ["病気や健康", "障害"]
    assert body.index("病気や健康") < body.index("防災・防犯") < body.index("その他")
    assert "使用停止" in body
    assert edit_url(tax) in body


def test_the_admin_adds_an_item(admin_client: Client, admin: User) -> None:
    form = admin_client.get(CREATE_URL).context["form"]
    assert form.initial["sort_order"] == 290  # after その他 (280)
    response = admin_client.post(
        CREATE_URL, {"submission_key": new_key(), "name": "ペット", "sort_order": 275}
    )
    assert response.status_code == 302
    assert response.url == LIST_URL
    code = IssueCode.objects.get(name="ペット")
    assert code.sort_order == 275 and code.is_active
    event = AuditEvent.objects.get(action="issue_code.create", object_id=str(code.pk))
    assert event.actor == admin
    assert event.details == {"name": "ペット"}
    names = [c.name for c in admin_client.get(LIST_URL).context["codes"]]
    assert names[-2:] == ["ペット", "その他"]


def test_the_admin_renames_reorders_and_deactivates_an_item(
    admin_client: Client, admin: User
) -> None:
    code = IssueCode.objects.get(name="防災・防犯")
    response = admin_client.post(
        edit_url(code),
        {"name": "防災・防犯・災害時", "sort_order": 5, "loaded_at": version_of(code.updated_at)},
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert (code.name, code.sort_order, code.is_active) == ("防災・防犯・災害時", 5, False)
    event = AuditEvent.objects.filter(action="issue_code.update", object_id=str(code.pk)).latest(
        "pk"
    )
    assert event.actor == admin
    assert event.details == {
        "name": ["防災・防犯", "防災・防犯・災害時"],
        "sort_order": [270, 5],
        "is_active": [True, False],
    }


def test_the_edit_form_says_what_deactivating_does(admin_client: Client) -> None:
    code = IssueCode.objects.get(name="教育")
    response = admin_client.get(edit_url(code))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "name": "教育",
        "sort_order": 260,
        "is_active": True,
        "loaded_at": version_of(code.updated_at),
    }
    assert "新しい相談受付では選べなくなります" in body
    assert "これまでの相談受付に付いている項目は、そのまま残ります" in body


def test_it_refuses_a_duplicate_name_and_saves_nothing(admin_client: Client) -> None:
    before = IssueCode.objects.count()
    events = AuditEvent.objects.filter(action__startswith="issue_code.").count()
    response = admin_client.post(
        CREATE_URL, {"submission_key": new_key(), "name": "障害", "sort_order": 300}
    )
    assert response.status_code == 200
    assert "同じ名前の項目が既にあります" in response.content.decode()
    assert IssueCode.objects.count() == before

    code = IssueCode.objects.get(name="教育")
    response = admin_client.post(
        edit_url(code),
        {
            "submission_key": new_key(),
            "name": "子育て",
            "sort_order": 1,
            "is_active": "on",
            "loaded_at": version_of(code.updated_at),
        },
    )
    assert response.status_code == 200
    assert "同じ名前の項目が既にあります" in response.content.decode()
    code.refresh_from_db()
    assert (code.name, code.sort_order) == ("教育", 260)
    assert AuditEvent.objects.filter(action__startswith="issue_code.").count() == events


def test_it_asks_for_a_name_and_an_order_in_japanese(admin_client: Client) -> None:
    before = IssueCode.objects.count()
    response = admin_client.post(CREATE_URL, {"name": "  ", "sort_order": "あ"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "名称を入力してください" in body
    assert "表示順は数字で入力してください" in body
    assert "入力内容を確認してください" in body
    response = admin_client.post(CREATE_URL, {"name": "長" * 51, "sort_order": -1})
    body = response.content.decode()
    assert "名称は50文字以内で入力してください" in body
    assert "表示順は0以上の数字で入力してください" in body
    assert IssueCode.objects.count() == before


@pytest.mark.parametrize("username", ["coordinator", "houkatsu", "zeimu", "kansa", "outsider"])
def test_only_the_admin_manages_the_checklist(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    code = IssueCode.objects.get(name="子育て")
    assert client.get(LIST_URL).status_code == 404
    assert client.get(CREATE_URL).status_code == 404
    assert client.post(CREATE_URL, {"name": "不正", "sort_order": 1}).status_code == 404
    assert client.get(edit_url(code)).status_code == 404
    assert client.post(edit_url(code), {"name": "不正", "sort_order": 1}).status_code == 404
    assert not IssueCode.objects.filter(name="不正").exists()
    code.refresh_from_db()
    assert code.name == "子育て" and code.is_active


def test_an_anonymous_visitor_is_sent_to_log_in() -> None:
    response = Client().get(LIST_URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_it_returns_404_for_an_unknown_item(admin_client: Client) -> None:
    assert (
        admin_client.get(reverse("consultations:issue_code_edit", args=[999999])).status_code == 404
    )


def test_the_list_query_count_does_not_grow(admin_client: Client) -> None:
    few = queries_for(admin_client, LIST_URL)
    IssueCode.objects.bulk_create(
        IssueCode(name=f"追加項目{i}", sort_order=1000 + i, is_active=i % 2 == 0) for i in range(30)
    )
    assert queries_for(admin_client, LIST_URL) == few


def test_a_deactivated_item_stays_on_earlier_consultations(
    admin_client: Client, houkatsu: User
) -> None:
    code = IssueCode.objects.get(name="外国籍")
    consultation = services.consultation_create(
        actor=houkatsu,
        received_at=timezone.now(),
        route="phone",
        consulter_relation="self",
        summary="日本語での手続きが難しい。",
        consent="oral",
        outcome="handled",
        issues=[code],
    )
    response = admin_client.post(
        edit_url(code),
        {"name": "外国籍", "sort_order": 230, "loaded_at": version_of(code.updated_at)},
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.is_active is False
    assert [item.code for item in consultation.issues.all()] == [code]
