"""What forms accept and how they say no: フリガナ, phone numbers and usernames (issue 21
point 9), and the small things of issue 13: no 「---------」 radio, no 「保存はされていません」 on a
refused sign-in or search, dates shown in 和暦 (and read back)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kasane.accounts.forms import UserCreateForm
from kasane.core.forms import JapaneseDateField
from kasane.core.japanese import furigana, phone_number
from kasane.organizations.models import Organization
from kasane.people.forms import PersonForm
from tests.builders import demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("すずき", "スズキ"),
        ("スズキ", "スズキ"),
        ("ｽｽﾞｷ", "スズキ"),
        ("すずき　はな", "スズキ ハナ"),
        ("ヴァージニア・ウルフ", "ヴァージニア・ウルフ"),
        ("", ""),
    ],
)
def test_furigana_is_kana_stored_as_katakana(typed: str, stored: str) -> None:
    assert furigana(typed) == stored


@pytest.mark.parametrize("typed", ["鈴木", "suzuki", "スズキ1", "すずき!"])
def test_furigana_refuses_anything_else(typed: str) -> None:
    with pytest.raises(ValueError, match="カタカナかひらがなで"):
        furigana(typed)


def test_the_person_form_says_so_on_the_kana_field() -> None:
    form = PersonForm({"family_name": "鈴木", "family_kana": "Suzuki", "sex": "unknown"})
    assert not form.is_valid()
    assert form.errors["family_kana"] == ["フリガナはカタカナかひらがなで入力してください。"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("090-1234-5678", "090-1234-5678"),
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("09012345678", "09012345678"),
        ("090 1234 5678", "09012345678"),
        ("000(201)1234", "000(201)1234"),
        ("", ""),
    ],
)
def test_phone_numbers_are_digits_and_hyphens(typed: str, stored: str) -> None:
    assert phone_number(typed) == stored


@pytest.mark.parametrize("typed", ["090-ABCD-5678", "電話なし", "090--1234", "+81-90", "()"])
def test_phone_numbers_refuse_letters(typed: str) -> None:
    with pytest.raises(ValueError, match="数字とハイフンで"):
        phone_number(typed)


def test_the_person_and_organisation_forms_refuse_a_phone_with_letters() -> None:
    form = PersonForm({"family_name": "鈴木", "phone": "090-abcd", "sex": "unknown"})
    assert not form.is_valid()
    assert "数字とハイフンで" in form.errors["phone"][0]
    organization = Organization.objects.get(name="税務課")
    response = client_for_admin().post(
        f"/manage/organizations/{organization.pk}/",
        {"name": "税務課", "kind": "city_department", "phone": "内線なし"},
    )
    assert "電話番号は数字とハイフンで入力してください" in response.content.decode()


def client_for_admin() -> Client:
    from kasane.accounts.models import User

    return client_for(User.objects.get(username="admin"))


@pytest.mark.parametrize("username", ["tanaka.h", "sato_2", "k-ito", "abc"])
def test_usernames_are_ascii_letters_digits_and_dot_underscore_hyphen(username: str) -> None:
    form = UserCreateForm({"username": username})
    form.is_valid()
    assert "username" not in form.errors


@pytest.mark.parametrize(
    "username", ["田中", "tanaka hiro", "ab", "a" * 31, "tanaka@city", "ｔａｎａｋａ"]
)
def test_other_usernames_are_refused_in_japanese(username: str) -> None:
    form = UserCreateForm({"username": username})
    assert not form.is_valid()
    assert "ユーザー名は" in form.errors["username"][0]


def test_no_radio_offers_the_blank_dashes(houkatsu) -> None:
    url = reverse("consultations:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    page = client_for(houkatsu).get(url).content.decode()
    assert 'type="radio"' in page
    assert "---------" not in page


def test_a_refused_sign_in_does_not_speak_of_saving() -> None:
    page = Client().post("/login/", {"username": "admin", "password": "wrong"}).content.decode()
    assert "ユーザー名またはパスワードが正しくありません" in page
    assert "保存はされていません" not in page


def test_a_refused_search_does_not_speak_of_saving(houkatsu) -> None:
    page = client_for(houkatsu).get("/people/", {"birth_date": "令和8年2月30日"}).content.decode()
    assert "2月30日という日付はありません" in page or "存在しません" in page
    assert "保存はされていません" not in page


def test_dates_are_shown_in_wareki_and_read_back() -> None:
    field = JapaneseDateField(label="日付")
    rendered = field.widget.format_value(dt.date(2026, 12, 1))
    assert rendered == "令和8年12月1日"
    assert field.clean(rendered) == dt.date(2026, 12, 1)
    assert field.clean(field.widget.format_value(dt.date(2019, 5, 1))) == dt.date(2019, 5, 1)


def test_a_form_page_prefills_its_date_in_wareki(houkatsu) -> None:
    url = reverse("consultations:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    page = client_for(houkatsu).get(url).content.decode()
    assert 'value="令和' in page


def test_a_search_text_from_the_query_string_drops_control_characters(houkatsu) -> None:
    from kasane.core.http import text_param

    assert text_param("鈴\x00木 ハナ\t", max_length=50) == "鈴木 ハナ"
    url = reverse("consultations:create") + "?name=" + "鈴\x00木"
    assert client_for(houkatsu).get(url).status_code == 200
