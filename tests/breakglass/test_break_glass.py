"""緊急時の閲覧 (issue 19): a case worker of another agency opens 鈴木 ハナ (東地域包括) and
鈴木家 read only for a time, on a stated reason; coordinators and auditors are told, and an
auditor reviews the use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.breakglass import services
from kasane.breakglass.models import BreakGlass, Verdict
from kasane.core.errors import DomainError
from kasane.intake.models import Consultation
from kasane.notices.models import Notice
from tests.builders import demo_case, demo_household, demo_person
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

REASON = "夜間に家族から連絡があり安否確認に向かうため"


def _ask(client: Client, **changes: object) -> object:
    data = {
        "name": "鈴木 ハナ",
        "birth_date": "昭和18年5月12日",
        "reason": REASON,
        "confirm": "on",
        **changes,
    }
    return client.post(reverse("breakglass:request"), {k: v for k, v in data.items() if v})


def _use(actor: User, name: str = "鈴木 ハナ") -> BreakGlass:
    return services.break_glass_request(
        actor=actor, person=demo_person(name), reason=REASON, confirmed=True
    )


def _expire(use: BreakGlass) -> None:
    BreakGlass.objects.filter(pk=use.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=30),
        expires_at=timezone.now() - dt.timedelta(hours=6),
    )


# --- The request --------------------------------------------------------------------------


def test_it_opens_the_person_and_household_read_only(outsider: User) -> None:
    client = client_for(outsider)
    hana = demo_person("鈴木 ハナ")
    household = demo_household("鈴木家")
    assert client.get(reverse("people:person_detail", args=[hana.pk])).status_code == 404

    response = _ask(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[hana.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "緊急時の閲覧中" in page.content.decode()
    assert "変更する" not in page.content.decode()
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 200
    ichiro = demo_person("鈴木 一郎")
    assert client.get(reverse("people:person_detail", args=[ichiro.pk])).status_code == 200


def test_nothing_but_reading_opens(outsider: User) -> None:
    """Not a change of the person or household, and not the other agency's consultations or
    cases: their own rules still decide."""
    _use(outsider)
    client = client_for(outsider)
    hana = demo_person("鈴木 ハナ")
    household = demo_household("鈴木家")
    closed = [
        reverse("people:person_edit", args=[hana.pk]),
        reverse("people:consent_create", args=[hana.pk]),
        reverse("people:household_edit", args=[household.pk]),
        reverse("people:member_add", args=[household.pk]),
        reverse("people:household_create") + f"?person={hana.pk}",
        reverse("cases:detail", args=[demo_case("鈴木家").pk]),
        reverse("consultations:detail", args=[Consultation.objects.filter(person=hana)[0].pk]),
        reverse("consultations:create") + f"?person={hana.pk}",
        reverse("cases:create") + f"?person={hana.pk}",
    ]
    for url in closed:
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("people:person_detail", args=[hana.pk])).content.decode()
    assert "表示できる支援ケースはありません。" in page
    assert "この方の相談を記録" not in page


def test_the_request_and_each_view_are_audited(outsider: User) -> None:
    client = client_for(outsider)
    _ask(client)
    use = BreakGlass.objects.get(user=outsider)
    request = AuditEvent.objects.get(actor=outsider, action="breakglass.request")
    assert request.reason == REASON
    assert request.object_id == str(use.pk)
    hana = demo_person("鈴木 ハナ")
    assert request.people.filter(person_id=hana.pk).exists()
    client.get(reverse("people:person_detail", args=[hana.pk]))
    client.get(reverse("people:household_detail", args=[demo_household("鈴木家").pk]))
    views = AuditEvent.objects.filter(
        actor=outsider, action__in=["person.view", "household.view"]
    ).order_by("pk")
    assert [event.details["break_glass"] for event in views] == [use.pk, use.pk]


def test_coordinators_and_auditors_are_told(outsider: User, coordinator: User, kansa: User) -> None:
    use = _use(outsider)
    told = set(
        Notice.objects.filter(kind="break_glass", target_id=use.pk).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"coordinator", "kansa"} <= told
    assert "outsider" not in told and "houkatsu" not in told
    page = client_for(kansa).get(reverse("notices:list")).content.decode()
    assert reverse("breakglass:detail", args=[use.pk]) in page or "緊急時の閲覧" in page


def test_it_expires(outsider: User) -> None:
    use = _use(outsider)
    _expire(use)
    client = client_for(outsider)
    hana = demo_person("鈴木 ハナ")
    assert client.get(reverse("people:person_detail", args=[hana.pk])).status_code == 404
    household = demo_household("鈴木家")
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 404
    mine = client.get(reverse("breakglass:mine")).content.decode()
    assert "期限切れ" in mine
    assert "記録はもう開けません" in mine
    assert reverse("people:person_detail", args=[hana.pk]) not in mine


def test_after_expiry_a_new_request_opens_again(outsider: User) -> None:
    _expire(_use(outsider))
    client = client_for(outsider)
    assert _ask(client).status_code == 302
    assert BreakGlass.objects.filter(user=outsider).count() == 2


# --- Bad input: a clear message, nothing changes -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "理由を書いてください。"),
        ({"reason": "確認のため"}, "理由を8文字以上で具体的に書いてください。"),
        ({"reason": "　　　　　　　　　　"}, "理由を"),
        ({"confirm": ""}, "監査担当者が確認します」ことを確認して"),
        ({"name": ""}, "氏名（またはフリガナ）を入力してください。"),
        ({"birth_date": ""}, "生年月日を入力してください。"),
        ({"birth_date": "昭和18年5月13日"}, "ほかの支援関係機関の記録に見つかりません"),
        ({"name": "鈴木"}, "ほかの支援関係機関の記録に見つかりません"),
    ],
)
def test_bad_input_changes_nothing(outsider: User, changes: dict, message: str) -> None:
    client = client_for(outsider)
    response = _ask(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BreakGlass.objects.filter(user=outsider).exists()
    assert not AuditEvent.objects.filter(actor=outsider, action="breakglass.request").exists()
    assert not Notice.objects.filter(kind="break_glass").exists()


def test_the_name_may_be_given_in_kana(outsider: User) -> None:
    assert _ask(client_for(outsider), name="すずき はな").status_code == 302


def test_a_second_request_while_one_is_active_is_refused(outsider: User) -> None:
    use = _use(outsider)
    response = _ask(client_for(outsider))
    assert "既に有効です" in response.content.decode()
    assert "延長はできません" in response.content.decode()
    assert reverse("people:person_detail", args=[use.person_id]) in response.content.decode()
    assert BreakGlass.objects.filter(user=outsider).count() == 1
    assert AuditEvent.objects.filter(actor=outsider, action="breakglass.request").count() == 1


def test_own_people_are_not_opened_by_break_glass(houkatsu: User) -> None:
    response = _ask(client_for(houkatsu))
    assert "ご自分の機関の方は、本人・世帯の検索から開けます" in response.content.decode()
    with pytest.raises(DomainError):
        _use(houkatsu)
    assert not BreakGlass.objects.exists()


@pytest.mark.parametrize("username", ["zeimu", "chiiki", "keisatsu", "kansa", "coordinator"])
def test_others_may_not_ask(username: str) -> None:
    user = User.objects.get(username=username)
    assert _ask(client_for(user)).status_code == 404
    with pytest.raises(DomainError):
        _use(user)
    assert not BreakGlass.objects.exists()


def test_the_search_hint_offers_break_glass(outsider: User, zeimu: User) -> None:
    client = client_for(outsider)
    page = client.get(reverse("people:person_list"), {"name": "鈴木 ハナ"}).content.decode()
    assert "ほかの支援関係機関が把握しています" in page
    assert reverse("breakglass:request") + "?name=" in page
    form = client.get(reverse("breakglass:request") + "?name=鈴木+ハナ&birth_date=1943-05-12")
    assert 'value="鈴木 ハナ"' in form.content.decode()


# --- Reading the uses ------------------------------------------------------------------------


def test_the_requester_lists_their_uses_in_fixed_queries(outsider: User) -> None:
    client = client_for(outsider)
    _use(outsider)
    before = queries_for(client, reverse("breakglass:mine"))
    _use(outsider, "田中 由美")
    _use(outsider, "田中 トシ")
    assert queries_for(client, reverse("breakglass:mine")) == before
    page = client.get(reverse("breakglass:mine")).content.decode()
    assert "閲覧中" in page and "田中 由美" in page


# --- The auditor's review ------------------------------------------------------------------------


def test_the_auditor_reviews_a_use(outsider: User, kansa: User) -> None:
    use = _use(outsider)
    client = client_for(kansa)
    detail = client.get(reverse("breakglass:detail", args=[use.pk])).content.decode()
    assert REASON in detail
    assert reverse("people:audit_person_trail", args=[use.person_id]) in detail
    assert "user=outsider" in detail
    response = client.post(
        reverse("breakglass:review", args=[use.pk]),
        {"verdict": Verdict.NEEDS_FOLLOW_UP, "note": "理由と閲覧した記録を所属長に確認する"},
    )
    assert response.status_code == 302
    use.refresh_from_db()
    assert use.is_reviewed and use.verdict == Verdict.NEEDS_FOLLOW_UP
    assert use.reviewed_by == kansa
    event = AuditEvent.objects.get(action="breakglass.review", actor=kansa)
    assert event.details == {"verdict": "needs_follow_up"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "確認の結果（適切・要確認）を選んでください。"),
        ({"verdict": "needs_follow_up"}, "要確認のときは、確認することをメモに書いてください。"),
        ({"verdict": "maybe"}, "確認の結果（適切・要確認）を選んでください。"),
    ],
)
def test_a_bad_review_changes_nothing(
    outsider: User, kansa: User, data: dict, message: str
) -> None:
    use = _use(outsider)
    response = client_for(kansa).post(reverse("breakglass:review", args=[use.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    use.refresh_from_db()
    assert not use.is_reviewed
    assert not AuditEvent.objects.filter(action="breakglass.review").exists()


def test_a_use_is_reviewed_once(outsider: User, kansa: User) -> None:
    use = _use(outsider)
    services.break_glass_review(actor=kansa, use=use, verdict=Verdict.APPROPRIATE, note="")
    response = client_for(kansa).post(
        reverse("breakglass:review", args=[use.pk]), {"verdict": "needs_follow_up", "note": "x"}
    )
    assert "既に確認済みです" in response.content.decode()
    use.refresh_from_db()
    assert use.verdict == Verdict.APPROPRIATE
    assert AuditEvent.objects.filter(action="breakglass.review").count() == 1


def test_the_queue_lists_unreviewed_first(outsider: User, kosodate: User, kansa: User) -> None:
    reviewed = _use(outsider)
    services.break_glass_review(actor=kansa, use=reviewed, verdict=Verdict.APPROPRIATE, note="")
    waiting = _use(kosodate)
    page = client_for(kansa).get(reverse("breakglass:queue")).content.decode()
    first = page.index(reverse("breakglass:detail", args=[waiting.pk]))
    assert first < page.index(reverse("breakglass:detail", args=[reviewed.pk]))
    assert "未確認 1件" in page


def test_the_queue_pages_in_fixed_queries(outsider: User, kansa: User) -> None:
    client = client_for(kansa)
    _use(outsider)
    before = queries_for(client, reverse("breakglass:queue"))
    hana = demo_person("鈴木 ハナ")
    now = timezone.now()
    BreakGlass.objects.bulk_create(
        BreakGlass(
            user=outsider,
            organization_id=outsider.organization_id,
            person=hana,
            reason=REASON,
            requested_at=now - dt.timedelta(days=2, minutes=n),
            expires_at=now - dt.timedelta(days=1, minutes=n),
        )
        for n in range(60)
    )
    assert queries_for(client, reverse("breakglass:queue")) == before
    page = client.get(reverse("breakglass:queue")).content.decode()
    assert 'rel="next"' in page
