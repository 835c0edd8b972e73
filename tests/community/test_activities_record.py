"""Recording activities, committees, members, helpers and matches: bad input saves nothing and
says why in Japanese; every change leaves its audit row; an edit opened before another's save
is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kasane.audit.models import AuditEvent
from kasane.community import activity_services as services
from kasane.community.models import Activity, Committee, HelperMatch, ResidentHelper
from kasane.core.errors import DomainError
from kasane.organizations.models import Area, Organization
from kasane.resources.models import Service
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
EAST = "東圏域福祉のまちづくり委員会"


def activity_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "held_on": timezone.localdate().isoformat(),
        "kind": "gathering",
        "title": "ひだまり茶話会",
        "area": Area.objects.get(name="旭町1丁目").pk,
        "service": Service.objects.get(name="旭町いきいきサロン").pk,
        "place": "",
        "participants": "10",
        "new_participants": "3",
        "organizations": [Organization.objects.get(name="社会福祉協議会").pk],
        "note": "",
    }
    return data | changes


def audited(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("pk")


def test_a_community_worker_records_an_activity_of_her_area(chiiki):
    response = client_for(chiiki).post(reverse("community:activity_create"), activity_post())
    activity = Activity.objects.get(title="ひだまり茶話会")
    assert response.status_code == 302
    assert (activity.participants, activity.new_participants) == (10, 3)
    assert activity.recorded_by == chiiki and activity.organizations.count() == 1
    event = audited("community.activity_record")
    assert event.actor == chiiki and event.object_id == str(activity.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_participants": "11"}, "初めての参加者数は、参加者数より多くできません。"),
        ({"participants": "十人"}, "数字（0以上の整数）で入力してください。"),
        ({"participants": "-1"}, "0以上の数を入力してください。"),
        (
            {"held_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "開催日に未来の日付は入れられません。",
        ),
        ({"held_on": "令和8年2月30日"}, "日"),
        ({"place": "公民館"}, "どちらか一つにしてください。"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(chiiki, changes, message):
    client = client_for(chiiki)  # signing in is audited
    before = (Activity.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("community:activity_create"), activity_post(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Activity.objects.count(), AuditEvent.objects.count()) == before


def test_a_community_worker_cannot_place_an_activity_in_another_area(chiiki):
    north = Area.objects.get(name="北町1丁目")
    response = client_for(chiiki).post(
        reverse("community:activity_create"), activity_post(area=north.pk, service="")
    )
    assert (
        response.status_code == 200 and not Activity.objects.filter(title="ひだまり茶話会").exists()
    )


def test_the_service_and_the_database_refuse_more_new_participants_than_participants(chiiki):
    values = {
        "held_on": timezone.localdate(),
        "kind": "course",
        "title": "講座",
        "area": Area.objects.get(name="旭町1丁目"),
        "participants": 3,
        "new_participants": 4,
    }
    with pytest.raises(DomainError, match="より多くできません"):
        services.activity_record(actor=chiiki, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(recorded_by=chiiki, **values)


def test_an_edit_checks_the_version_and_audits_the_fields(chiiki):
    activity = Activity.objects.get(title="東圏域 住民懇談会（ビジョンのふりかえり）")
    url = reverse("community:activity_edit", args=[activity.pk])
    client = client_for(chiiki)
    form = client.get(url).context["form"]
    data = {
        **activity_post(title=activity.title, kind=activity.kind, service="", place="旭町会館"),
        "held_on": activity.held_on.isoformat(),
        "area": activity.area_id,
        "participants": "40",
        "new_participants": "9",
        "committee": activity.committee_id,
        "loaded_at": "2020-01-01T00:00:00+00:00",
    }
    response = client.post(url, data)
    assert "ほかの利用者が変更しました" in response.content.decode()
    activity.refresh_from_db()
    assert activity.participants == 38
    data["loaded_at"] = form.initial["loaded_at"]
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.participants == 40
    assert "participants" in audited("community.activity_update").details["fields"]


def test_a_mistaken_activity_is_deleted_with_an_audit_row(chiiki):
    activity = services.activity_record(
        actor=chiiki,
        held_on=timezone.localdate(),
        kind="other",
        title="二重入力",
        area=Area.objects.get(name="旭町1丁目"),
        participants=5,
        new_participants=0,
    )
    url = reverse("community:activity_delete", args=[activity.pk])
    client = client_for(chiiki)
    assert "チェックを入れて" in client.post(url, {}).content.decode()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert audited("community.activity_delete").details["participants"] == 5


def test_members_are_added_changed_and_ended_with_audit_rows(chiiki):
    committee = Committee.objects.get(name=EAST)
    client = client_for(chiiki)
    data = {
        "name": "新田 花子",
        "kana": "にった はなこ",
        "role": "委員",
        "affiliation": "東町会",
        "term_start": "2026-04-01",
        "is_liaison": "on",
    }
    bad = client.post(
        reverse("community:member_add", args=[committee.pk]), data | {"term_end": "2026-03-01"}
    )
    assert "任期の終わりは" in bad.content.decode()
    assert (
        client.post(reverse("community:member_add", args=[committee.pk]), data).status_code == 302
    )
    member = committee.members.get(name="新田 花子")
    assert member.is_liaison and audited("community.member_add").object_id == str(member.pk)
    edit = reverse("community:member_edit", args=[committee.pk, member.pk])
    loaded = client.get(edit).context["form"].initial["loaded_at"]
    assert client.post(edit, data | {"role": "副委員長", "loaded_at": loaded}).status_code == 302
    assert audited("community.member_update").details["fields"] == ["role"]
    end = reverse("community:member_end", args=[committee.pk, member.pk])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert client.post(end, {"on": yesterday.isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.term_end == yesterday and audited("community.member_end").actor == chiiki
    page = client.get(reverse("community:committee", args=[committee.pk])).content.decode()
    assert "新田 花子" in page.split("過去の委員</h3>")[1]


def test_helpers_are_registered_viewed_matched_and_ended_with_audit_rows(chiiki):
    client = client_for(chiiki)
    data = {
        "name": "春山 一郎",
        "kana": "はるやま いちろう",
        "kind": "college",
        "area": Area.objects.get(name="東町2丁目").pk,
        "can_do": "買い物の付き添い",
        "days": ["2", "0"],
        "times": "午前",
        "phone": "000-700-0999",
        "registered_on": "2026-04-01",
        "is_active": "on",
    }
    assert (
        "電話番号"
        in client.post(
            reverse("community:helper_create"), data | {"phone": "でんわ"}
        ).content.decode()
    )
    assert not ResidentHelper.objects.filter(name="春山 一郎").exists()
    assert client.post(reverse("community:helper_create"), data).status_code == 302
    helper = ResidentHelper.objects.get(name="春山 一郎")
    assert helper.days == ["0", "2"] and audited("community.helper_register").actor == chiiki
    client.get(reverse("community:helper", args=[helper.pk]))
    assert audited("community.helper_view").object_id == str(helper.pk)
    client.get(reverse("community:helper_list"))
    assert audited("community.helper_list").actor == chiiki
    match_url = reverse("community:helper_match", args=[helper.pk])
    none = client.post(match_url, {"role": "見守り", "started_on": "2026-05-01"})
    assert "どちらかを選んでください" in none.content.decode()
    salon = Service.objects.get(name="旭町いきいきサロン")
    assert (
        client.post(
            match_url, {"service": salon.pk, "role": "見守り", "started_on": "2026-05-01"}
        ).status_code
        == 302
    )
    match = HelperMatch.objects.get(helper=helper)
    assert audited("community.helper_match").details["service"] == salon.pk
    end_url = reverse("community:helper_match_end", args=[match.pk])
    client.post(end_url, {"on": "2026-04-01"})
    match.refresh_from_db()
    assert match.ended_on is None  # before the start: refused
    assert client.post(end_url, {"on": "2026-06-01"}).status_code == 302
    match.refresh_from_db()
    assert match.ended_on == dt.date(2026, 6, 1)
    assert audited("community.helper_match_end").object_id == str(match.pk)


def test_candidates_live_in_the_places_sphere_and_can_come_on_its_days(chiiki, coordinator):
    """旭町いきいきサロン meets on the 1st and 3rd Wednesday: 東圏域 helpers free on Wednesdays."""
    salon = Service.objects.get(name="旭町いきいきサロン")
    url = reverse("community:helper_candidates_service", args=[salon.pk])
    for user in (chiiki, coordinator):
        page = client_for(user).get(url).content.decode()
        assert "岡 真由美" in page and "森本 清" in page and "永井 節子" in page
        assert "坂本 紀子" not in page and "高田 亮" not in page  # not on Wednesdays
        assert "関 ひとみ" not in page and "堀 俊介" not in page  # 北圏域
    assert audited("community.helper_candidates").object_id == str(salon.pk)
