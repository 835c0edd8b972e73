"""Keeping the directory: registering a resource with its first place and schedule on one
page, editing with versions, 確認した, 休止・廃止 (never deleted) and reopening, partners; bad
input gets a Japanese message and saves nothing; every write leaves its audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError, version_of
from kasane.resources import services
from kasane.resources.models import Location, ResourceOrganization, Schedule, Service, Status
from tests.builders import new_key, today
from tests.conftest import client_for
from tests.resources.helpers import BAKERY, CARERS_CAFE, category, demo_service, new_service

pytestmark = pytest.mark.django_db

CREATE = reverse("resources:create")


def _create_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "submission_key": new_key(),
        "organization_name": "NPO法人あおば",
        "organization_kana": "えぬぴーおーほうじんあおば",
        "name": "あおばの居場所",
        "kana": "あおばのいばしょ",
        "categories": [str(category("ibasho").pk)],
        "description": "若い人の居場所。",
        "age_min": "18",
        "age_max": "39",
        "accepting_new": "on",
        "place-place_name": "あおばハウス",
        "place-address": "デモ市北町1丁目2-2",
        "place-area": "",
        "place-freq": "WEEKLY",
        "place-days": ["MO", "TH"],
        "place-opens_at": "13:00",
        "place-closes_at": "17:00",
    }
    from kasane.organizations.models import Area

    data["place-area"] = str(Area.objects.get(name="北町1丁目").pk)
    data.update(changes)
    return data


def test_it_registers_a_resource_with_its_organisation_place_and_schedule_on_one_page(sanka):
    response = client_for(sanka).post(CREATE, _create_form())
    service = Service.objects.get(name="あおばの居場所")
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:detail", args=[service.pk])
    assert service.organization.name == "NPO法人あおば"
    assert service.assured_date == today() and service.assurer == sanka
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.weekdays, schedule.service_at_location.location.area_code) == (
        "MO,TH",
        "03",
        "04-01-01",
    )
    assert AuditEvent.objects.filter(action="resource.create", object_id=str(service.pk)).exists()
    assert AuditEvent.objects.filter(action="resource_organization.create").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"age_min": "40", "age_max": "18"}, "対象年齢の上限が下限より小さくなっています。"),
        (
            {"place-valid_from": "2026-05-01", "place-valid_to": "2026-04-01"},
            "日程の終了日が開始日より前になっています。",
        ),
        (
            {"place-opens_at": "15:00", "place-closes_at": "13:00"},
            "終了時刻が開始時刻より前になっています。",
        ),
        ({"categories": []}, "種類を1つ以上選んでください。"),
        ({"organization_name": ""}, "運営団体を選ぶか、新しい団体の名前を入力してください。"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(sanka, changes, message):
    counts = (
        Service.objects.count(),
        ResourceOrganization.objects.count(),
        Location.objects.count(),
    )
    response = client_for(sanka).post(CREATE, _create_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts == (
        Service.objects.count(),
        ResourceOrganization.objects.count(),
        Location.objects.count(),
    )


def test_the_services_refuse_what_the_forms_refuse(sanka):
    with pytest.raises(DomainError, match="対象年齢の上限"):
        new_service(sanka, age_min=50, age_max=20)
    with pytest.raises(DomainError, match="終了時刻が開始時刻より前"):
        services.place_add(
            actor=sanka,
            service=demo_service(BAKERY),
            place=services.PlaceInput(
                location=demo_service(BAKERY).at_locations.first().location,
                schedule_values={
                    "freq": "WEEKLY",
                    "byday": "MO",
                    "opens_at": dt.time(12),
                    "closes_at": dt.time(9),
                },
            ),
        )
    with pytest.raises(DomainError, match="「第2火曜」のような指定は毎月"):
        new_service(sanka, byday="2TU", freq="WEEKLY")
    assert not Service.objects.filter(name="テストの居場所").exists()


def test_editing_keeps_versions(sanka, chiiki):
    service = demo_service(CARERS_CAFE)
    loaded = version_of(service.updated_at)
    services.service_update(actor=chiiki, service=service, loaded_at=loaded, capacity=20)
    with pytest.raises(DomainError, match="ほかの利用者が変更しました"):
        services.service_update(actor=sanka, service=service, loaded_at=loaded, capacity=8)
    service.refresh_from_db()
    assert service.capacity == 20
    event = AuditEvent.objects.get(action="resource.update", object_id=str(service.pk))
    assert event.details == {"fields": ["capacity"]}


def test_the_edit_page_saves_and_refuses_an_upside_down_age(sanka):
    service = demo_service(BAKERY)
    client = client_for(sanka)
    url = reverse("resources:edit", args=[service.pk])
    from tests.builders import form_data

    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "age_min": "70", "age_max": "20"})
    assert "対象年齢の上限が下限より小さくなっています。" in response.content.decode()
    response = client.post(url, {**data, "accepting_new": ""})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.accepting_new is False


def test_checking_sets_the_day_and_who(chiiki):
    service = demo_service("西町ふれあいサロン")
    assert service.needs_check
    response = client_for(chiiki).post(reverse("resources:check", args=[service.pk]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.assured_date, service.assurer, service.needs_check) == (today(), chiiki, False)
    assert AuditEvent.objects.filter(action="resource.check", object_id=str(service.pk)).exists()


def test_closing_never_deletes_and_reopening_checks_it(sanka):
    service = new_service(sanka)
    client = client_for(sanka)
    response = client.post(
        reverse("resources:close", args=[service.pk]),
        {"status": "closed", "on": today().isoformat(), "reason": "会場がなくなった"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.status, service.status_since) == (Status.CLOSED, today())
    assert Schedule.objects.filter(service=service).exists()
    assert service not in _listed(client, "?q=テストの居場所")
    assert service in _listed(client, "?q=テストの居場所&status=closed")
    event = AuditEvent.objects.get(action="resource.close", object_id=str(service.pk))
    assert event.reason == "会場がなくなった"
    client.post(reverse("resources:reopen", args=[service.pk]))
    service.refresh_from_db()
    assert service.status == Status.ACTIVE


def _listed(client, query: str) -> list[Service]:
    return list(client.get(reverse("resources:directory") + query).context["page"].object_list)


def test_closing_refuses_a_future_day(sanka):
    service = new_service(sanka)
    future = today() + dt.timedelta(days=3)
    response = client_for(sanka).post(
        reverse("resources:close", args=[service.pk]),
        {"status": "suspended", "on": future.isoformat()},
    )
    assert "休止・廃止の日が未来の日付です。" in response.content.decode()
    service.refresh_from_db()
    assert service.status == Status.ACTIVE


def test_a_partner_needs_the_day_of_agreement(chiiki):
    with pytest.raises(DomainError, match="協力の合意日"):
        services.organization_create(actor=chiiki, name="株式会社テスト", is_partner=True)
    organization = services.organization_create(
        actor=chiiki,
        name="株式会社テスト",
        is_partner=True,
        partner_since=today(),
        partner_offers=["work"],
    )
    assert organization.partner_offer_labels == ["就労体験"]
    services.organization_update(
        actor=chiiki,
        organization=organization,
        loaded_at=version_of(organization.updated_at),
        is_partner=False,
    )
    organization.refresh_from_db()
    assert (organization.partner_since, organization.partner_offers) == (None, [])


def test_a_place_and_schedule_are_added_and_removed(sanka):
    service = demo_service(BAKERY)
    client = client_for(sanka)
    location = service.at_locations.first().location
    response = client.post(
        reverse("resources:place_add", args=[service.pk]),
        {
            "submission_key": new_key(),
            "location": str(location.pk),
            "freq": "MONTHLY",
            "ordinal": "-1",
            "days": ["SA"],
            "opens_at": "10:00",
            "closes_at": "12:00",
        },
    )
    assert response.status_code == 302
    schedule = service.schedules.get(byday="-1SA")
    assert schedule.label == "毎月 最終土曜 10:00〜12:00"
    client.post(reverse("resources:schedule_remove", args=[service.pk, schedule.pk]))
    assert not service.schedules.filter(byday="-1SA").exists()
    assert AuditEvent.objects.filter(
        action="resource.schedule_remove", object_id=str(service.pk)
    ).exists()


def test_admins_edit_the_categories(admin_client):
    response = admin_client.post(
        reverse("resources:category_create"),
        {"submission_key": new_key(), "code": "garden", "name": "園芸", "sort_order": "200"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="service_category.create").exists()
    response = admin_client.post(
        reverse("resources:category_create"),
        {"submission_key": new_key(), "code": "salon2", "name": "サロン", "sort_order": "210"},
    )
    assert "同じ名前かコードの種類が既にあります。" in response.content.decode()
