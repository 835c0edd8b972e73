"""Search: part of a name in kanji or kana (2 characters are enough), ignoring 全角/半角,
かな/カナ, spaces and 異体字; birth date in 和暦 or 西暦; phone; address. Results hold only
people the user may see; a match the user may not see is announced as "known elsewhere"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.people import selectors, services
from kasane.people.models import Person
from kasane.people.selectors import PersonCriteria, search_people
from tests.builders import next_page_url
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _names(user: User, **criteria: object) -> list[str]:
    return [person.full_name for person in search_people(user, PersonCriteria(**criteria)).people]


@pytest.mark.parametrize(
    "query",
    [
        "たか",
        "タカ",
        "ﾀｶ",
        "高橋",
        "髙橋",
        "たかはし",
        "タカハシ　ミサキ",
        "高橋美咲",
        "美咲",
        "みさき",
    ],
)
def test_it_finds_takahashi_misaki_however_the_name_is_typed(kosodate: User, query: str) -> None:
    assert "髙橋 美咲" in _names(kosodate, name=query)


def test_it_finds_by_birth_date_in_wareki_or_seireki(kosodate: User) -> None:
    client = client_for(kosodate)
    for typed in ("H21.6.18", "平成21年6月18日", "2009-06-18"):
        assert "髙橋 美咲" in client.get("/people/", {"birth_date": typed}).content.decode()


def test_it_finds_by_phone_and_by_address(kosodate: User) -> None:
    assert _names(kosodate, phone="０９０（００００）１９８４") == ["田中 由美"]
    assert set(_names(kosodate, address="港町1丁目4番2号")) == {"髙橋 恵", "髙橋 美咲"}


def test_exact_and_prefix_matches_come_before_the_rest(coordinator: User) -> None:
    org = coordinator.organization
    for family, kana in (
        ("大高橋", "アアアタカハシ"),
        ("高橋田", "タカハシダ"),
        ("高橋", "タカハシ"),
    ):
        services.person_create(
            actor=coordinator,
            organization=org,
            family_name=family,
            given_name="順",
            family_kana=kana,
            given_kana="ジュン",
        )
    names = [name for name in _names(coordinator, name="高橋") if name.endswith("順")]
    assert names == ["高橋 順", "高橋田 順", "大高橋 順"]
    longer = [name for name in _names(coordinator, name="高橋田") if name.endswith("順")]
    assert longer == ["高橋田 順"]


def test_a_longer_kana_query_ranks_names_that_start_with_it_first(coordinator: User) -> None:
    org = coordinator.organization
    for family, kana in (("大高橋", "アアアタカハシ"), ("高橋", "タカハシ")):
        services.person_create(
            actor=coordinator,
            organization=org,
            family_name=family,
            given_name="順",
            family_kana=kana,
            given_kana="ジュン",
        )
    names = [name for name in _names(coordinator, name="たかはし") if name.endswith("順")]
    assert names == ["高橋 順", "大高橋 順"]


def test_a_one_character_query_finds_one_character_names(coordinator: User) -> None:
    services.person_create(
        actor=coordinator,
        organization=coordinator.organization,
        family_name="林",
        given_name="勇気",
        family_kana="ハヤシ",
    )
    assert "林 勇気" in _names(coordinator, name="林")
    assert "山本 勇" in _names(coordinator, name="勇")


def test_results_hold_only_people_the_user_may_see(houkatsu: User) -> None:
    response = client_for(houkatsu).get("/people/", {"name": "たかはし"})
    page = response.content.decode()
    assert "髙橋" not in page
    assert "こども家庭センター" not in page
    assert "ほかの支援関係機関が把握しています" in page
    assert "コーディネーター" in page
    hidden = AuditEvent.objects.get(actor=houkatsu, action="person.hidden_match")
    assert hidden.details["criteria"] == ["name"]
    assert "たかはし" not in str(hidden.details)


def test_no_hidden_match_notice_when_everything_is_visible(coordinator: User) -> None:
    page = client_for(coordinator).get("/people/", {"name": "たかはし"}).content.decode()
    assert "髙橋 美咲" in page
    assert "ほかの支援関係機関が把握しています" not in page


def test_every_search_is_audited(kosodate: User) -> None:
    client_for(kosodate).get("/people/", {"name": "たか", "birth_date": "H21.6.18"})
    event = AuditEvent.objects.get(actor=kosodate, action="person.search")
    # Which criteria were used, not what was typed (issue 21 point 2); whom it showed.
    assert event.details["criteria"] == ["birth_date", "name"]
    assert "たか" not in str(event.details) and "2009" not in str(event.details)
    assert event.details["shown"] == 1
    assert list(event.people.values_list("person_id", flat=True)) == [
        Person.objects.get(family_name="髙橋", birth_date="2009-06-18").pk
    ]


def test_a_restricted_address_or_phone_is_never_a_search_key_without_a_grant(
    coordinator: User, jiritsu: User
) -> None:
    assert _names(coordinator, address="南町9-9-9") == []
    assert _names(coordinator, phone="090-9999-0009") == []
    assert "佐藤 さくら" in _names(jiritsu, address="南町9丁目9番9号")


def test_restricted_addresses_are_masked_in_results(coordinator: User, jiritsu: User) -> None:
    for user in (coordinator, jiritsu):
        page = client_for(user).get("/people/", {"name": "さとう"}).content.decode()
        assert "佐藤 さくら" in page
        assert "（閲覧制限）" in page
        assert "南町9" not in page


def test_large_totals_are_shown_as_an_estimate(coordinator: User, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    page = client_for(coordinator).get("/people/", {"name": "たかはし"}).content.decode()
    assert "1件以上" in page


def test_pages_of_results(coordinator: User, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    first = search_people(coordinator, PersonCriteria(name="たかはし"))
    second = search_people(coordinator, PersonCriteria(name="たかはし"), page=2)
    assert first.has_next and not first.has_previous
    assert second.has_previous
    assert first.people != second.people


def test_search_takes_the_same_queries_however_many_people_match(coordinator: User) -> None:
    client = client_for(coordinator)
    before = queries_for(client, "/people/?name=たかはし")
    for number in range(20):
        services.person_create(
            actor=coordinator,
            organization=coordinator.organization,
            family_name="高橋",
            given_name=f"{number}号",
            family_kana="タカハシ",
            birth_date=dt.date(1980, 1, 1 + number),
        )
    assert queries_for(client, "/people/?name=たかはし") == before


def test_the_list_before_a_search_takes_the_same_queries(coordinator: User) -> None:
    client = client_for(coordinator)
    before = queries_for(client, "/people/")
    for number in range(10):
        services.person_create(
            actor=coordinator,
            organization=coordinator.organization,
            family_name="追加",
            given_name=f"{number}",
        )
    assert queries_for(client, "/people/") == before


def test_the_list_before_a_search_has_pages(coordinator: User, settings) -> None:
    settings.KASANE_PAGE_SIZE = 2
    client = client_for(coordinator)
    second = next_page_url(client.get("/people/"), "/people/")
    assert second is not None
    page = client.get(second).content.decode()
    assert Person.objects.count() > 4
    assert "3〜4件目" in page and 'rel="prev"' in page and 'rel="next"' in page


def test_the_search_form_answers_htmx_with_the_results_only(coordinator: User) -> None:
    response = client_for(coordinator).get("/people/", {"name": "すずき"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "鈴木 ハナ" in page
    assert "<html" not in page


def test_bad_birth_date_in_search_gets_a_message(coordinator: User) -> None:
    page = client_for(coordinator).get("/people/", {"birth_date": "令和0年1月1日"}).content.decode()
    assert "令和0年という年はありません" in page


def test_roles_without_case_work_cannot_search(kansa_client: Client) -> None:
    assert kansa_client.get("/people/", {"name": "すずき"}).status_code == 404
