"""The お知らせ list (issue 14): each notice says what happened and links to its record through
the access rules; a record the reader may no longer open is neither named nor linked; one or
all are marked read; the header counts the unread on every page in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.notices import services
from kasane.notices.kinds import Kind, TargetType
from kasane.notices.models import Notice
from tests.builders import case_decided
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _notice(
    user: User, *, kind: str = Kind.CASE_TEAM, text: str = "主担当になりました", target=None
):
    services.notify(kind=kind, recipients=[user], text=text, target=target)
    return Notice.objects.filter(recipient=user).latest("pk")


def _fresh(user: User) -> None:
    Notice.objects.filter(recipient=user).delete()


def test_it_names_and_links_a_case_the_reader_sees(houkatsu: User) -> None:
    case = case_decided(houkatsu)
    notice = _notice(houkatsu, target=(TargetType.CASE, case.pk))
    page = client_for(houkatsu).get(reverse("notices:list")).content.decode()
    assert "主担当になりました" in page
    assert case.title in page
    assert reverse("notices:open", args=[notice.pk]) in page
    event = AuditEvent.objects.filter(action="notice.list", actor=houkatsu).latest("pk")
    assert case.main_person_id in list(event.people.values_list("person_id", flat=True))


def test_opening_marks_read_and_goes_to_the_record(houkatsu: User) -> None:
    case = case_decided(houkatsu)
    notice = _notice(houkatsu, target=(TargetType.CASE, case.pk))
    response = client_for(houkatsu).get(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_record_no_longer_open_to_the_reader_is_not_named(
    coordinator: User, houkatsu: User
) -> None:
    """Written while the reader saw the case; the case is not theirs to open now (here: a
    case of another organisation's team, as after leaving a team)."""
    case = case_decided(coordinator)
    _fresh(houkatsu)
    notice = _notice(houkatsu, text="ケースの知らせ", target=(TargetType.CASE, case.pk))
    client = client_for(houkatsu)
    page = client.get(reverse("notices:list")).content.decode()
    assert "この記録は閲覧できなくなりました" in page
    assert case.title not in page
    assert "ケースの知らせ" not in page
    response = client.get(reverse("notices:open", args=[notice.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notices:list")
    assert "閲覧できなくなりました" in response.content.decode()


def test_the_outsider_gets_404_on_someone_elses_notice(houkatsu: User, outsider: User) -> None:
    notice = _notice(houkatsu)
    client = client_for(outsider)
    assert client.get(reverse("notices:open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert f'id="notice-{notice.pk}"' not in client.get(reverse("notices:list")).content.decode()


def test_anonymous_users_are_sent_to_login(houkatsu: User) -> None:
    notice = _notice(houkatsu)
    from django.test import Client

    response = Client().get(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_it_marks_one_read_by_htmx_and_updates_the_header(houkatsu: User) -> None:
    _fresh(houkatsu)
    first, second = _notice(houkatsu), _notice(houkatsu, text="チームに加わりました")
    response = client_for(houkatsu).post(
        reverse("notices:read", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert f'id="notice-{first.pk}"' in html and "既読にする" not in html
    assert 'hx-swap-oob="true"' in html and 'data-unread="1"' in html
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_it_marks_all_read(houkatsu: User, coordinator: User) -> None:
    _notice(houkatsu), _notice(houkatsu)
    theirs = _notice(coordinator)
    response = client_for(houkatsu).post(reverse("notices:read_all"), follow=True)
    assert "既読にしました" in response.content.decode()
    assert not Notice.objects.filter(recipient=houkatsu, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_filter_leaves_read_ones_out(houkatsu: User) -> None:
    _fresh(houkatsu)
    read = _notice(houkatsu, text="読んだ知らせ")
    services.notice_read(actor=houkatsu, notice=read)
    _notice(houkatsu, text="未読のお知らせ")
    page = client_for(houkatsu).get(reverse("notices:list"), {"unread": "1"}).content.decode()
    assert "未読のお知らせ" in page and "読んだ知らせ" not in page


def test_every_page_shows_the_unread_count(houkatsu: User) -> None:
    _fresh(houkatsu)
    _notice(houkatsu), _notice(houkatsu), _notice(houkatsu)
    page = client_for(houkatsu).get(reverse("front:home")).content.decode()
    assert 'aria-label="お知らせ（未読3件）"' in page
    assert 'data-unread="3"' in page


def test_the_count_stops_at_99(houkatsu: User) -> None:
    services.notify(kind=Kind.CASE_TEAM, recipients=[houkatsu], text="x")
    Notice.objects.bulk_create(
        [Notice(recipient=houkatsu, kind=Kind.CASE_TEAM, text="x") for _ in range(120)]
    )
    page = client_for(houkatsu).get(reverse("notices:bell")).content.decode()
    assert "99+" in page and "未読99件以上" in page


def test_the_count_is_one_query_and_partials_without_it_pay_none(houkatsu: User) -> None:
    client = client_for(houkatsu)
    bell = reverse("notices:bell")
    client.get(bell)
    with CaptureQueriesContext(connection) as queries:
        client.get(bell)
    counts = [q["sql"] for q in queries if "notices_notice" in q["sql"]]
    assert len(counts) == 1 and "LIMIT" in counts[0]


def test_the_list_takes_the_same_queries_for_10_and_60_notices(houkatsu: User) -> None:
    """One query per kind of record linked, whatever the number of notices."""
    case = case_decided(houkatsu)
    _fresh(houkatsu)
    for _ in range(10):
        _notice(houkatsu, target=(TargetType.CASE, case.pk))
    few = queries_for(client_for(houkatsu), reverse("notices:list"))
    for _ in range(50):
        _notice(houkatsu, target=(TargetType.CASE, case.pk), kind=Kind.TASK_DUE)
        _notice(houkatsu)
    many = queries_for(client_for(houkatsu), reverse("notices:list"))
    assert many == few


def test_notify_leaves_out_the_actor_and_inactive_users(
    coordinator: User, houkatsu: User, zeimu: User
) -> None:
    zeimu.is_active = False
    zeimu.save(update_fields=["is_active"])
    before = Notice.objects.count()
    written = services.notify(
        kind=Kind.CASE_TEAM, recipients=[coordinator, houkatsu, zeimu], text="x", actor=coordinator
    )
    assert written == 1
    assert list(Notice.objects.order_by("-pk").values_list("recipient", flat=True)[:1]) == [
        houkatsu.pk
    ]
    assert Notice.objects.count() == before + 1


def test_a_once_key_writes_once(houkatsu: User) -> None:
    for _ in range(3):
        services.notify(kind=Kind.TASK_DUE, recipients=[houkatsu], text="x", once_key="note:1:due")
    assert Notice.objects.filter(recipient=houkatsu, once_key="note:1:due").count() == 1
