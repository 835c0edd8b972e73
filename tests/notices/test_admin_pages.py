"""The admin's pages of what leaves Kasane (issue 14): chat webhooks with their URL masked and
kept out of the audit trail, a test message, the log of outgoing messages with 再送 for
failures, the worker's state, and the kinds users may not turn off. Everyone but the admin
gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.models import JobRun
from kasane.core.worker import run_due_jobs
from kasane.notices import sending, services
from kasane.notices.forms import ChatWebhookForm
from kasane.notices.kinds import Kind
from kasane.notices.models import ChatStyle, ChatWebhook, Delivery, DeliveryStatus, KindSetting
from kasane.organizations.models import Organization
from tests.builders import form_data, new_key
from tests.conftest import client_for, queries_for
from tests.notices.conftest import TOKEN, ChatServer, webhook

pytestmark = pytest.mark.django_db

LIST = reverse("notices:webhook_list")
LOG = reverse("notices:delivery_list")
SECRET_URL = f"https://chat.example.lg.jp/hooks/{TOKEN}"


def _create(client: Client, **values: object):  # type: ignore[no-untyped-def]
    organization = Organization.objects.get(name="こども家庭センター")
    data = {
        "organization": organization.pk,
        "name": "緊急連絡",
        "style": ChatStyle.LOGO,
        "url": SECRET_URL,
        "kinds": ["urgent_consultation"],
        "is_active": "on",
        "submission_key": new_key(),
        **values,
    }
    return client.post(reverse("notices:webhook_create"), data)


def _audit_text(action: str) -> str:
    return str(AuditEvent.objects.filter(action=action).values_list("details", flat=True)[::1])


def test_it_registers_a_webhook_and_the_audit_holds_no_url(admin_client: Client) -> None:
    response = _create(admin_client)
    assert response.status_code == 302
    hook = ChatWebhook.objects.get()
    assert (hook.url, hook.kinds, hook.style) == (SECRET_URL, ["urgent_consultation"], "logo")
    event = AuditEvent.objects.get(action="chat_webhook.create")
    assert event.object_id == str(hook.pk)
    assert TOKEN not in _audit_text("chat_webhook.create")
    assert "chat.example" not in _audit_text("chat_webhook.create")


def test_the_list_shows_the_url_masked(admin_client: Client) -> None:
    webhook(SECRET_URL)
    page = admin_client.get(LIST).content.decode()
    assert "https://chat.example.lg.jp/…3456" in page
    assert TOKEN not in page
    assert "テスト送信" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"url": "ftp://chat.example.lg.jp/hooks/x"}, "http:// または https://"),
        ({"url": "javascript:alert(1)"}, "URL"),
        ({"kinds": ["case_team"]}, "選択"),
        ({"kinds": []}, "必須"),
    ],
)
def test_it_refuses_a_bad_url_or_kind(
    admin_client: Client, values: dict[str, object], message: str
) -> None:
    response = _create(admin_client, **values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChatWebhook.objects.exists()


def test_the_edit_form_never_shows_the_url_and_keeps_it_when_left_empty(
    admin_client: Client,
) -> None:
    hook = webhook(SECRET_URL)
    url = reverse("notices:webhook_edit", args=[hook.pk])
    page = admin_client.get(url).content.decode()
    assert TOKEN not in page and "…3456" in page
    data = form_data(ChatWebhookForm(instance=hook)) | {"name": "緊急（夜間）"}
    assert "url" not in data
    assert admin_client.post(url, data).status_code == 302
    hook.refresh_from_db()
    assert (hook.name, hook.url) == ("緊急（夜間）", SECRET_URL)
    assert "url_changed" not in _audit_text("chat_webhook.update")


def test_a_new_url_is_saved_and_audited_as_changed_only(admin_client: Client) -> None:
    hook = webhook(SECRET_URL)
    new = "https://chat.example.lg.jp/hooks/NEW-token-999"
    data = form_data(ChatWebhookForm(instance=hook)) | {"url": new}
    response = admin_client.post(reverse("notices:webhook_edit", args=[hook.pk]), data)
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.url == new
    details = AuditEvent.objects.get(action="chat_webhook.update").details
    assert details == {"url_changed": True}
    assert "NEW-token" not in str(details) and TOKEN not in str(details)


def test_the_test_button_queues_a_test_message_that_reaches_the_chat(
    admin_client: Client, chat_server: ChatServer
) -> None:
    hook = webhook(chat_server.url(), ChatStyle.TEAMS)
    response = admin_client.post(reverse("notices:webhook_test", args=[hook.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="chat_webhook.test", object_id=str(hook.pk)).exists()
    sending.send_due(timezone.now())
    (post,) = chat_server.received
    text = post.json["attachments"][0]["content"]["body"][0]["text"]
    assert text.startswith("【Kasane】テスト送信です（こども家庭センター・")
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def _fail_until_given_up(hook: ChatWebhook) -> Delivery:
    with transaction.atomic():
        services.chat(kind=Kind.URGENT_CONSULTATION, organization=hook.organization, path="/")
    now = timezone.now()
    for _ in range(sending.MAX_ATTEMPTS):
        sending.send_due(now)
        now += dt.timedelta(hours=7)
    return Delivery.objects.get(webhook=hook)


def test_a_failed_message_shows_on_the_log_and_is_sent_again(
    admin_client: Client, chat_server: ChatServer
) -> None:
    chat_server.status = 500
    delivery = _fail_until_given_up(webhook(chat_server.url()))
    assert delivery.status == DeliveryStatus.FAILED
    page = admin_client.get(LOG + "?status=failed").content.decode()
    assert "送信失敗" in page and "HTTP 500 が返りました" in page and "再送" in page
    assert "送信に失敗したものが1件あります" in admin_client.get(LOG).content.decode()
    assert TOKEN not in page
    chat_server.status = 200
    response = admin_client.post(reverse("notices:delivery_retry", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    assert AuditEvent.objects.filter(action="delivery.retry", object_id=str(delivery.pk)).exists()
    sending.send_due(timezone.now())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_only_a_failed_message_is_sent_again(admin_client: Client) -> None:
    delivery = Delivery.objects.create(channel="chat", webhook=webhook(SECRET_URL), text="x")
    response = admin_client.post(reverse("notices:delivery_retry", args=[delivery.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="delivery.retry").exists()


def test_the_log_takes_the_same_queries_with_more_rows(admin_client: Client) -> None:
    hook = webhook(SECRET_URL)
    Delivery.objects.create(channel="chat", webhook=hook, text="x", status="failed")
    few = queries_for(admin_client, LOG)
    Delivery.objects.bulk_create(
        Delivery(channel="chat", webhook=webhook(f"{SECRET_URL}{n}"), text="x", status="failed")
        for n in range(30)
    )
    assert queries_for(admin_client, LOG) == few


def test_the_worker_page_warns_until_the_worker_runs(admin_client: Client) -> None:
    url = reverse("notices:worker_status")
    assert "バックグラウンド処理が動いていません" in admin_client.get(url).content.decode()
    run_due_jobs()
    page = admin_client.get(url).content.decode()
    assert "バックグラウンド処理が動いていません" not in page
    assert "notices.send" in page and "バックグラウンド処理は動いています" in page
    assert "チャット・メールの送信" in page and "5秒ごと" in page and "1時間ごと" in page
    JobRun.objects.update(last_started_at=timezone.now() - dt.timedelta(minutes=6))
    assert "バックグラウンド処理が動いていません" in admin_client.get(LIST).content.decode()


def test_a_failing_job_shows_its_error(admin_client: Client) -> None:
    JobRun.objects.create(
        name="notices.summary",
        last_started_at=timezone.now(),
        last_failed_at=timezone.now(),
        last_error="OperationalError: database is locked",
        failures=1,
    )
    page = admin_client.get(reverse("notices:worker_status")).content.decode()
    assert "OperationalError: database is locked" in page


def test_the_admin_chooses_the_kinds_users_may_not_turn_off(admin_client: Client) -> None:
    url = reverse("notices:kind_settings")
    page = admin_client.get(url).content.decode()
    assert page.count("disabled") >= 2  # the urgent kinds
    response = admin_client.post(url, {"required": ["case_team"]})
    assert response.status_code == 302
    assert services.required_kinds() == {
        "case_team",
        "urgent_consultation",
        "urgent_referral_overdue",
    }
    assert AuditEvent.objects.get(action="notice_kind.update").details == {
        "case_team": [False, True]
    }
    admin_client.post(url, {"required": []})
    assert KindSetting.objects.get(kind="case_team").required is False
    assert "urgent_consultation" in services.required_kinds()


@pytest.mark.parametrize("username", ["outsider", "coordinator", "kansa", "zeimu"])
def test_everyone_but_the_admin_gets_404(username: str) -> None:
    hook = webhook(SECRET_URL)
    delivery = Delivery.objects.create(channel="chat", webhook=hook, text="x", status="failed")
    client = client_for(User.objects.get(username=username))
    for name, args in [
        ("notices:webhook_list", []),
        ("notices:webhook_create", []),
        ("notices:webhook_edit", [hook.pk]),
        ("notices:delivery_list", []),
        ("notices:worker_status", []),
        ("notices:kind_settings", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("notices:webhook_test", [hook.pk]),
        ("notices:delivery_retry", [delivery.pk]),
        ("notices:webhook_edit", [hook.pk]),
        ("notices:kind_settings", []),
    ]:
        assert client.post(reverse(name, args=args)).status_code == 404, name
    assert not Delivery.objects.exclude(pk=delivery.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="chat_webhook").exists()


def test_the_menu_links_the_admin_pages(admin_client: Client, coordinator: User) -> None:
    assert LIST in admin_client.get("/").content.decode()
    assert LIST not in client_for(coordinator).get("/").content.decode()
