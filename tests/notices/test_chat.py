"""Outgoing chat messages (issue 14): a webhook server on 127.0.0.1 receives the urgent
message in the JSON of each chat style, the message carries no name, address or free text, a
failing server is retried with backoff and finally marked 送信失敗, and the error recorded
never holds the webhook's secret URL."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.intake import services as intake
from kasane.intake.models import Outcome
from kasane.notices import sending, services
from kasane.notices.kinds import Kind
from kasane.notices.models import Channel, ChatStyle, Delivery, DeliveryStatus, mask_url
from kasane.people import services as people
from tests.notices.conftest import TOKEN, ChatServer, webhook

pytestmark = pytest.mark.django_db

NAME = ("緑川", "星子")
ADDRESS = "デモ市東町9-87-65 ひかり荘302"
SUMMARY = "夫からの暴力があり、子どもと一緒に逃げてきたと話している。"
CONSULTER = "匿名の近隣住民"


def _queue(organization, path: str = "/consultations/1/") -> int:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        return services.chat(kind=Kind.URGENT_CONSULTATION, organization=organization, path=path)


def _send(now: dt.datetime | None = None) -> str:
    return sending.send_due(now or timezone.now())


@pytest.mark.parametrize("style", ChatStyle.values)
def test_it_posts_the_message_in_each_chat_style(chat_server: ChatServer, style: str) -> None:
    hook = webhook(chat_server.url(), style)
    assert _queue(hook.organization) == 1
    assert "送信 1件" in _send()
    (post,) = chat_server.received
    assert post.path == f"/hooks/{TOKEN}"
    assert post.headers["Content-Type"] == "application/json; charset=utf-8"
    body = post.json
    expected = f"【Kasane】緊急の相談が1件あります（{hook.organization.name}）"
    if style == ChatStyle.LINE_WORKS:
        assert body["title"] == "Kasane"
        text = body["body"]["text"]
    elif style == ChatStyle.TEAMS:
        assert body["type"] == "message"
        (attachment,) = body["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        assert attachment["content"]["type"] == "AdaptiveCard"
        text = attachment["content"]["body"][0]["text"]
    else:
        assert set(body) == {"text"}
        text = body["text"]
    assert text.startswith(expected)
    assert text.endswith("/consultations/1/")
    delivery = Delivery.objects.get(webhook=hook)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_the_message_carries_no_name_address_or_free_text(
    chat_server: ChatServer, kosodate: User
) -> None:
    """An urgent consultation recorded through the intake service with a known name,
    address, consulter and summary; the chat message its rule queues holds none of them."""
    hook = webhook(chat_server.url(), ChatStyle.SLACK, kosodate.organization)
    person = people.person_create(
        actor=kosodate,
        organization=kosodate.organization,
        family_name=NAME[0],
        given_name=NAME[1],
        family_kana="ミドリカワ",
        given_kana="ホシコ",
        address=ADDRESS,
        phone="090-1234-5678",
    )
    with transaction.atomic():
        consultation = intake.consultation_create(
            actor=kosodate,
            person=person,
            received_at=timezone.now() - dt.timedelta(minutes=10),
            route="visit",
            consulter_relation="neighbor",
            consulter_name=CONSULTER,
            summary=SUMMARY,
            urgent_signs=["abuse"],
            consent="oral",
            outcome=Outcome.HANDLED,
        )
        assert consultation.is_urgent  # the rule queues the chat message in this transaction
    _send()
    (post,) = chat_server.received
    sent = post.body.decode()
    text = json.loads(sent)["text"]
    for secret in (
        *NAME,
        "".join(NAME),
        "ミドリカワ",
        ADDRESS,
        "ひかり荘",
        SUMMARY,
        "暴力",
        CONSULTER,
        "090-1234-5678",
        "虐待",
    ):
        assert secret not in sent and secret not in text
    assert text == (
        f"【Kasane】緊急の相談が1件あります（{kosodate.organization.name}）\n"
        f"http://127.0.0.1:8000/consultations/{consultation.pk}/"
    )
    assert Delivery.objects.get(webhook=hook).status == DeliveryStatus.SENT


def test_a_rolled_back_change_sends_nothing(chat_server: ChatServer) -> None:
    hook = webhook(chat_server.url())
    with pytest.raises(RuntimeError), transaction.atomic():
        services.chat(kind=Kind.URGENT_CONSULTATION, organization=hook.organization, path="/")
        raise RuntimeError
    assert _send() == ""
    assert chat_server.received == []


def _attempts_until_failed(now: dt.datetime) -> list[dt.timedelta]:
    """Send until the row is FAILED, each time at its next attempt; the waits seen."""
    waits = []
    delivery = Delivery.objects.get()
    while delivery.status == DeliveryStatus.PENDING:
        _send(now)
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at
    return waits


def test_a_failing_server_is_retried_with_backoff_then_failed(chat_server: ChatServer) -> None:
    chat_server.status = 500
    _queue(webhook(chat_server.url()).organization)
    waits = _attempts_until_failed(timezone.now())
    assert waits[:-1] == list(sending.BACKOFF)
    assert len(chat_server.received) == sending.MAX_ATTEMPTS == 6
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)
    assert delivery.last_error == "HTTP 500 が返りました"


def test_it_is_not_sent_again_before_its_next_attempt(chat_server: ChatServer) -> None:
    chat_server.status = 503
    _queue(webhook(chat_server.url()).organization)
    now = timezone.now()
    _send(now)
    _send(now + dt.timedelta(seconds=59))
    assert len(chat_server.received) == 1
    _send(now + dt.timedelta(seconds=61))
    assert len(chat_server.received) == 2


def test_a_slow_server_times_out_and_is_retried(
    chat_server: ChatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sending, "TIMEOUT_SECONDS", 0.3)
    chat_server.delay = 1.0
    _queue(webhook(chat_server.url()).organization)
    _send()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.last_error == "0.3秒以内に応答がありません"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_connection_is_recorded_without_the_url() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/hooks/{TOKEN}"
    _queue(webhook(url).organization)
    _send()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("接続できません")
    assert TOKEN not in delivery.last_error and "127.0.0.1" not in delivery.last_error


def test_the_environments_proxy_is_not_used(
    chat_server: ChatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy set for the server's other traffic must not carry the chat's token."""
    dead = f"http://127.0.0.1:{_closed_port()}"
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.setenv(name, dead)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    _queue(webhook(chat_server.url()).organization)
    _send()
    assert len(chat_server.received) == 1


def test_a_configured_proxy_is_used(chat_server: ChatServer, settings) -> None:  # type: ignore[no-untyped-def]
    """KASANE_CHAT_PROXY: the post goes to the proxy, which here is the test server itself."""
    settings.KASANE_CHAT_PROXY = chat_server.url("")
    _queue(webhook("http://chat.example.lg.jp/hooks/abc").organization)
    _send()
    (post,) = chat_server.received
    assert post.path == "http://chat.example.lg.jp/hooks/abc"


def test_the_masked_url_keeps_the_host_and_four_characters() -> None:
    assert (
        mask_url(f"https://hooks.example.com/services/{TOKEN}") == "https://hooks.example.com/…3456"
    )
    assert mask_url("https://hooks.example.com/ab") == "https://hooks.example.com/…"


def test_a_summary_mail_is_sent_by_mail(settings, houkatsu: User) -> None:  # type: ignore[no-untyped-def]
    settings.KASANE_MAIL_ENABLED = True
    houkatsu.email = "houkatsu@example.lg.jp"
    houkatsu.save(update_fields=["email"])
    Delivery.objects.create(
        channel=Channel.MAIL, recipient=houkatsu, subject="【Kasane】件名", text="本文"
    )
    _send()
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["houkatsu@example.lg.jp"],
        "【Kasane】件名",
        "本文",
    )
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_without_a_mail_server_a_mail_is_not_sent(houkatsu: User) -> None:
    Delivery.objects.create(channel=Channel.MAIL, recipient=houkatsu, subject="件名", text="本文")
    _send()
    assert mail.outbox == []
    assert Delivery.objects.get().last_error == "メールサーバーが設定されていません"
