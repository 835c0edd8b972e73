"""The search box in the header: people by name or kana and cases by number, only what the
user may open, audited like the people search and the case list."""

import pytest

from kasane import access
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.people import services
from tests.builders import demo_case, demo_person
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _search(user: User, query: str) -> str:
    response = client_for(user).get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["すずき", "スズキ ハナ", "鈴木", "ハナ"])
def test_it_finds_a_person_by_name_or_kana(houkatsu: User, query: str) -> None:
    hana = demo_person("鈴木 ハナ")
    page = _search(houkatsu, query)
    assert f'href="/people/{hana.pk}/"' in page
    assert "スズキ ハナ" in page
    assert "昭和" in page  # the birth date, in 和暦


def test_the_outsider_sees_only_their_organisations_people(outsider: User) -> None:
    """鈴木 ハナ is registered by 東地域包括支援センター: 森 由紀 of 西 is told only that another
    agency knows someone of that name."""
    page = _search(outsider, "すずき はな")
    assert "鈴木 ハナ" not in page
    assert f"/people/{demo_person('鈴木 ハナ').pk}/" not in page
    assert "ほかの支援関係機関が把握しています" in page
    assert AuditEvent.objects.filter(actor=outsider, action="person.hidden_match").exists()


def test_the_hint_offers_break_glass_from_what_was_typed(outsider: User) -> None:
    """A consultant may ask for 緊急時の閲覧 from the header's search as from the people search,
    starting from the name typed; the suggestions under the box say it too."""
    page = _search(outsider, "すずき はな")
    assert 'href="/break-glass/new/?name=%E3%81%99%E3%81%9A%E3%81%8D%20%E3%81%AF%E3%81%AA"' in page
    suggestions = client_for(outsider).get("/search/", {"q": "すずき はな"}, HTTP_HX_REQUEST="true")
    assert "/break-glass/new/?name=" in suggestions.content.decode()
    form = client_for(outsider).get("/break-glass/new/", {"name": "すずき はな"})
    assert 'value="すずき はな"' in form.content.decode()


@pytest.mark.parametrize("typed", ["{pk}", "ケース番号{pk}", "#{pk}"])
def test_a_case_number_finds_the_case(coordinator: User, typed: str) -> None:
    case = demo_case("鈴木家")
    page = _search(coordinator, typed.format(pk=case.pk))
    assert f'href="/cases/{case.pk}/"' in page
    assert "鈴木家" in page


def test_a_case_number_in_full_width_digits_finds_the_case(coordinator: User) -> None:
    case = demo_case("鈴木家")
    full_width = str(case.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert f'href="/cases/{case.pk}/"' in _search(coordinator, full_width)


def test_a_case_the_user_is_not_on_is_not_found(outsider: User) -> None:
    case = demo_case("鈴木家")
    assert not access.may_see_case(outsider, case.pk)
    page = _search(outsider, str(case.pk))
    assert "このケース番号で開けるケースはありません" in page
    assert "鈴木家" not in page
    assert f"/cases/{case.pk}/" not in page
    event = AuditEvent.objects.get(actor=outsider, action="case.list")
    assert event.details == {"criteria": ["case_number"], "shown": 0}
    assert event.object_id == ""


def test_a_huge_number_is_not_a_case_and_does_not_fail(coordinator: User) -> None:
    assert "開けるケースはありません" not in _search(coordinator, "9" * 40)


def test_every_search_is_audited(houkatsu: User) -> None:
    _search(houkatsu, "すずき")
    event = AuditEvent.objects.get(actor=houkatsu, action="person.search")
    assert "name" in event.details["criteria"]
    assert "すずき" not in str(event.details)  # what was typed is not for the auditor
    assert event.details["from"] == "header"
    assert event.details["shown"] >= 1


def test_opening_a_case_by_number_is_audited_with_the_case(coordinator: User) -> None:
    case = demo_case("鈴木家")
    _search(coordinator, str(case.pk))
    event = AuditEvent.objects.get(actor=coordinator, action="case.list")
    assert (event.object_type, event.object_id) == ("case", str(case.pk))
    assert event.details == {"criteria": ["case_number"], "shown": 1}


def test_an_empty_search_shows_nothing_and_records_nothing(houkatsu: User) -> None:
    page = _search(houkatsu, "  ")
    assert "氏名・フリガナの一部か、ケース番号を入れてください" in page
    assert not AuditEvent.objects.filter(actor=houkatsu, action="person.search").exists()


def test_the_search_takes_the_same_queries_however_many_people_match(coordinator: User) -> None:
    client = client_for(coordinator)
    before = queries_for(client, "/search/?q=たかはし")
    for number in range(10):
        services.person_create(
            actor=coordinator,
            organization=coordinator.organization,
            family_name="高橋",
            given_name=f"{number}号",
            family_kana="タカハシ",
        )
    assert queries_for(client, "/search/?q=たかはし") == before


@pytest.mark.parametrize("username", ["coordinator", "houkatsu"])
def test_users_who_may_search_people_have_the_box_on_every_page(username: str) -> None:
    page = client_for(User.objects.get(username=username)).get("/").content.decode()
    assert 'action="/search/"' in page


@pytest.mark.parametrize("username", ["zeimu", "keisatsu", "chiiki", "kansa", "admin"])
def test_roles_without_case_work_have_no_box_and_get_404(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    assert 'action="/search/"' not in client.get("/").content.decode()
    assert client.get("/search/", {"q": "すずき"}).status_code == 404
    assert not AuditEvent.objects.filter(actor__username=username, action="person.search").exists()


def test_as_the_user_types_a_few_people_show_under_the_box(coordinator: User) -> None:
    for number in range(12):
        services.person_create(
            actor=coordinator,
            organization=coordinator.organization,
            family_name="高橋",
            given_name=f"{number}号",
            family_kana="タカハシ",
        )
    response = client_for(coordinator).get(
        "/search/", {"q": "たかはし"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert page.count('class="site-search__item"') == 8
    assert "すべての結果" in page
    event = AuditEvent.objects.get(actor=coordinator, action="person.search")
    assert event.details["shown"] == 8


def test_a_nul_byte_in_the_box_is_dropped(coordinator: User) -> None:
    """PostgreSQL refuses NUL in text; the header's search answers as if it were not typed."""
    response = client_for(coordinator).get("/search/", {"q": "すず\x00き"})
    assert response.status_code == 200
