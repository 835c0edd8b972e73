"""「緊急時の閲覧を申請する」 where a case worker meets someone another agency knows without
being able to open them: a つなぎ naming 鈴木 ハナ (東地域包括) received by 西地域包括, and
本人と結び付ける of an outreach target. Offered, with the name (and birth date) prefilled, to
those who may ask; never to coordinators, who see everyone, or admins, who see no one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.breakglass.links import break_glass_url
from kasane.intake.models import Referral, ReferralKind, ReferralStatus
from tests.builders import demo_person
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db

HANA_BORN = dt.date(1943, 5, 12)
REQUEST = reverse("breakglass:request")
LINK_TEXT = "緊急時の閲覧を申請する"


def _referral_to(receiver: User, *, linked: bool, name: str = "鈴木 ハナ") -> Referral:
    """A つなぎ about 鈴木 ハナ received by the receiver's organisation, still open."""
    model = Referral.objects.order_by("pk")[0]
    fields = {
        field.attname: getattr(model, field.attname)
        for field in Referral._meta.concrete_fields
        if not field.primary_key and field.name not in {"updated_at", "submission_key"}
    }
    return Referral.objects.create(
        **fields
        | {
            "kind": ReferralKind.AGENCY,
            "source_consultation_id": None,
            "receiver_organization_id": receiver.organization_id,
            "subject_name": name,
            "subject_kana": "",
            "subject_birth_date": HANA_BORN,
            "subject_contact": "",
            "person_id": demo_person("鈴木 ハナ").pk if linked else None,
            "status": ReferralStatus.SENT,
            "acknowledged_at": None,
            "acknowledged_by_id": None,
            "closed_at": None,
            "outcome": "",
        }
    )


def _offers(page: str) -> list[dict[str, list[str]]]:
    """The prefilled queries of every link to the request form on the page."""
    found = []
    for chunk in page.split(f'href="{REQUEST}')[1:]:
        href = chunk.split('"', 1)[0].replace("&amp;", "&")
        found.append(parse_qs(urlsplit(href).query))
    return found


def _referral_page(user: User, referral: Referral) -> Any:
    response = client_for(user).get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200
    return response


def test_a_referral_linked_to_someone_the_worker_may_not_open_offers_it(outsider: User) -> None:
    referral = _referral_to(outsider, linked=True, name="鈴木 ハナ ")
    page = _referral_page(outsider, referral).content.decode()
    assert "ほかの支援関係機関の記録と結び付け済み" in page
    expected = {"name": ["鈴木 ハナ"], "birth_date": ["1943-05-12"]}
    assert expected in _offers(page)


def test_a_referral_whose_search_meets_another_agency_offers_it(outsider: User) -> None:
    referral = _referral_to(outsider, linked=False)
    response = _referral_page(outsider, referral)
    assert response.context["hidden_match"]
    assert _offers(response.content.decode()) == [
        {"name": ["鈴木 ハナ"], "birth_date": ["1943-05-12"]}
    ]
    # The worker's own search on the page is what is prefilled.
    url = reverse("referrals:detail", args=[referral.pk]) + "?name=スズキ+ハナ"
    page = client_for(outsider).get(url).content.decode()
    assert {"name": ["スズキ ハナ"], "birth_date": ["1943-05-12"]} in _offers(page)


def test_a_referral_of_someone_the_worker_sees_offers_nothing(houkatsu: User) -> None:
    page = _referral_page(houkatsu, _referral_to(houkatsu, linked=True)).content.decode()
    assert LINK_TEXT not in page and REQUEST not in page


def test_the_coordinator_is_not_offered_it_on_a_referral(coordinator: User) -> None:
    page = _referral_page(coordinator, _referral_to(coordinator, linked=True)).content.decode()
    assert "鈴木 ハナ（記録番号" in page  # sees the person already
    assert REQUEST not in page


def test_linking_an_outreach_target_offers_it_when_another_agency_knows(outsider: User) -> None:
    target = unidentified(outsider)
    url = reverse("outreach:link_person", args=[target.pk])
    response = client_for(outsider).get(url + "?name=鈴木+ハナ")
    assert response.status_code == 200
    assert response.context["found"].hidden_match
    page = response.content.decode()
    assert LINK_TEXT in page
    assert _offers(page) == [{"name": ["鈴木 ハナ"]}]
    # A search that meets no one elsewhere offers nothing.
    assert REQUEST not in client_for(outsider).get(url + "?name=該当なし").content.decode()


def test_linking_an_outreach_target_offers_it_to_no_coordinator(coordinator: User) -> None:
    target = unidentified(coordinator)
    url = reverse("outreach:link_person", args=[target.pk]) + "?name=鈴木+ハナ"
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert REQUEST not in response.content.decode()


def test_only_those_who_may_ask_get_a_url(outsider: User, coordinator: User, admin: User) -> None:
    assert break_glass_url(outsider, name=" 鈴木 ハナ", birth_date=HANA_BORN) == (
        f"{REQUEST}?name=%E9%88%B4%E6%9C%A8+%E3%83%8F%E3%83%8A&birth_date=1943-05-12"
    )
    assert break_glass_url(outsider, name="") == REQUEST
    assert break_glass_url(coordinator, name="鈴木 ハナ") is None
    assert break_glass_url(admin, name="鈴木 ハナ") is None
