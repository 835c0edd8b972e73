"""Issue 13 points 1 and 11, issue 21 point 2: every audit row that shows personal data names
the people it showed; the auditor finds them by person; the auditor reads no personal data."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import URLPattern, get_resolver

from kasane.accounts.models import User
from kasane.audit import display
from kasane.audit.models import AuditEvent, AuditPerson, AuditTrailIsAppendOnly
from kasane.audit.services import audit_record, audit_standalone
from kasane.cases.models import Case
from kasane.demo.generators.audit import generate_audit
from kasane.demo.guard import DemoRefused
from kasane.people.models import Household, HouseholdMember, Person
from tests.access.test_every_page import (
    CASE_PAGES,
    CASE_WORK_PAGES,
    INTAKE_RECORD_PAGES,
    MEETING_PAGES,
    RECORD_PAGES,
    _named_patterns,
    _url_for,
)
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _ichiro() -> Person:
    return Person.objects.get(family_name="鈴木", given_name="一郎")


def _linked(event: AuditEvent) -> set[int]:
    return set(event.people.values_list("person_id", flat=True))


# --- Writing the links ------------------------------------------------------------------------


def test_a_row_links_the_people_given_and_its_own_person(admin: User) -> None:
    hana = Person.objects.get(family_name="鈴木", given_name="ハナ")
    ichiro = _ichiro()
    event = audit_standalone(actor=admin, action="person.view", target=hana, people=[ichiro.pk])
    assert _linked(event) == {hana.pk, ichiro.pk}
    assert {link.at for link in event.people.all()} == {event.at}


def test_a_query_of_people_is_read_inside_the_one_insert(
    admin: User, django_assert_num_queries
) -> None:
    household = Household.objects.get(name="鈴木家")
    case = Case.objects.filter(household=household).first()
    members = HouseholdMember.objects.filter(household=household, left_on__isnull=True)
    assert admin.roles  # loaded once per request in the views
    with django_assert_num_queries(2):  # the event and one INSERT … SELECT of the links
        event = audit_standalone(
            actor=admin, action="case.view", target=case, people=members.values("person_id")
        )
    assert _linked(event) == {*members.values_list("person_id", flat=True), case.main_person_id}
    empty = audit_standalone(
        actor=admin, action="case.view", target=case, people=members.none().values("person_id")
    )
    assert _linked(empty) == {case.main_person_id}


def test_the_links_are_append_only(admin: User) -> None:
    event = audit_record(actor=admin, action="person.view", target=_ichiro())
    link = event.people.get()
    with pytest.raises(AuditTrailIsAppendOnly):
        link.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        link.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditPerson.objects.filter(pk=link.pk).update(person_id=1)
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditPerson.objects.filter(pk=link.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_changes_to_the_links(admin: User) -> None:
    link = audit_record(actor=admin, action="person.view", target=_ichiro()).people.get()
    for sql in (
        "UPDATE audit_auditperson SET person_id = 1 WHERE id = %s",
        "DELETE FROM audit_auditperson WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [link.pk])


# --- Every personal-data page names whom it showed (issue 13 points 1 and 11) -----------------

# Pages that show no one: blank forms (a person is chosen or typed on them; without a person
# the case form is not found) and the pledge text.
SHOW_NO_ONE = {
    "people:person_create",
    "cases:create",
    "consultations:create",
    "meetings:pledge_sign",
    "front:search",  # without a query; the header search itself is among the extra pages
    "cases:plan_item_row",  # an empty item row for the plan editor
    "cases:export",  # its password form; the file (its POST) names whom it holds (tests/core)
}
PERSONAL_PAGES = CASE_WORK_PAGES | RECORD_PAGES | INTAKE_RECORD_PAGES | CASE_PAGES | MEETING_PAGES


def _extra_pages() -> list[tuple[str, str]]:
    """Pages that show people only with a query: a search, a list filtered, the prefilled
    new consultation."""
    ichiro = _ichiro()
    return [
        ("people search", "/people/?name=鈴木"),
        ("household search", "/households/?q=鈴木"),
        ("new consultation about a person", f"/consultations/new/?person={ichiro.pk}"),
        ("new case about a person", f"/cases/new/?person={ichiro.pk}"),
        ("header search", "/search/?q=鈴木"),
        ("header search by case number", "/search/?q=1"),
        ("home", "/"),
    ]


def _walk(client: Client, user: User, url: str) -> tuple[int, list[AuditEvent]]:
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    status = client.get(url).status_code
    events = list(AuditEvent.objects.filter(pk__gt=before, actor=user))
    return status, events


@pytest.mark.parametrize(
    ("name", "pattern"),
    [pair for pair in _named_patterns(get_resolver()) if pair[0] in PERSONAL_PAGES],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_personal_data_page_records_whom_it_showed(
    coordinator: User, name: str, pattern: URLPattern
) -> None:
    client = client_for(coordinator)
    url = _url_for(name, pattern)
    status, events = _walk(client, coordinator, url)
    if status in {302, 405} or (status == 503 and "print" in name):
        return  # an action (POST only, or a redirect) or a printout without its font
    if name in SHOW_NO_ONE:
        assert status in {200, 204, 404}
        return
    assert status == 200, url
    assert events, f"{name} ({url}) wrote no audit row"
    assert any(_linked(event) for event in events), f"{name} named nobody"


def test_searches_lists_and_prefilled_forms_record_whom_they_showed(coordinator: User) -> None:
    client = client_for(coordinator)
    ichiro = _ichiro()
    for label, url in _extra_pages():
        status, events = _walk(client, coordinator, url)
        assert status == 200, label
        linked = set().union(*(_linked(event) for event in events))
        assert ichiro.pk in linked or label in {"home", "header search by case number"}, label
        assert linked, label


def test_the_people_and_household_lists_are_audited(coordinator: User) -> None:
    """Issue 13 point 11: the recent list, the household list and its search."""
    client = client_for(coordinator)
    client.get("/people/")
    listed = AuditEvent.objects.filter(actor=coordinator, action="person.list").latest("pk")
    assert listed.details["shown"] == len(_linked(listed)) > 0
    client.get("/households/", {"q": "鈴木"})
    search = AuditEvent.objects.filter(actor=coordinator, action="household.list").latest("pk")
    assert search.details["criteria"] == ["q"]
    assert "鈴木" not in str(search.details)
    assert _ichiro().pk in _linked(search)


def test_the_case_page_names_the_whole_household(jiritsu: User) -> None:
    """The case of 鈴木家 (jiritsu is on its team) is filed under 一郎 too, not only under the
    case (the issue's example)."""
    case = Case.objects.get(household__name="鈴木家")
    client_for(jiritsu).get(f"/cases/{case.pk}/")
    event = AuditEvent.objects.filter(actor=jiritsu, action="case.view").latest("pk")
    members = HouseholdMember.objects.filter(household=case.household, left_on__isnull=True)
    assert _linked(event) == {*members.values_list("person_id", flat=True), case.main_person_id}


def test_the_case_page_query_count_grows_by_the_one_insert_at_most(coordinator: User) -> None:
    """The household's people are read inside the link insert: the case page costs the same
    whether the household has one member or many."""
    case = Case.objects.get(household__name="鈴木家")
    client = client_for(coordinator)
    first = queries_for(client, f"/cases/{case.pk}/")
    for person in Person.objects.exclude(memberships__household=case.household)[:5]:
        HouseholdMember.objects.create(household=case.household, person=person, relation="other")
    assert queries_for(client, f"/cases/{case.pk}/") == first


# --- The auditor's "who saw this person" -----------------------------------------------------


def test_the_auditor_picks_a_person_and_sees_every_row_about_them(
    houkatsu: User, kansa: User
) -> None:
    ichiro = _ichiro()
    household = Household.objects.get(name="鈴木家")
    client_for(houkatsu).get(f"/households/{household.pk}/")
    auditor = client_for(kansa)
    for query in ({"name": "鈴木 一郎"}, {"name": "すずき いちろう"}, {"birth_date": "S46.8.3"}):
        page = auditor.get("/audit/people/", query).content.decode()
        assert f"/audit/people/{ichiro.pk}/" in page, query
    assert "南町" not in page and "090" not in page  # name and birth date only
    pick = AuditEvent.objects.filter(actor=kansa, action="audit.person_pick").latest("pk")
    assert pick.details["criteria"] == ["birth_date"] and ichiro.pk in _linked(pick)
    trail = auditor.get(f"/audit/people/{ichiro.pk}/")
    rows = list(trail.context["page"])
    assert any(
        row.action == "household.view"
        and row.actor == houkatsu
        and row.object_id == str(household.pk)
        for row in rows
    )
    assert all(ichiro.pk in _linked(row) for row in rows)
    assert AuditEvent.objects.filter(
        actor=kansa, action="audit.person_trail", details__person=ichiro.pk
    ).exists()


def test_the_picker_names_the_field_of_bad_input(kansa: User) -> None:
    page = client_for(kansa).get("/audit/people/", {"birth_date": "令和8年2月30日"})
    assert "生年月日" in page.content.decode()
    assert page.context["form"].errors["birth_date"]
    empty = client_for(kansa).get("/audit/people/", {"name": " "})
    assert "氏名・フリガナか生年月日を入力してください" in empty.content.decode()


@pytest.mark.parametrize("username", ["admin", "coordinator", "houkatsu", "zeimu"])
def test_only_the_auditor_reads_the_trail_of_a_person(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    assert client.get("/audit/people/", {"name": "鈴木"}).status_code == 404
    assert client.get(f"/audit/people/{_ichiro().pk}/").status_code == 404


def test_the_trail_query_count_does_not_grow(kansa: User, admin: User) -> None:
    client = client_for(kansa)
    url = f"/audit/people/{_ichiro().pk}/"
    few = queries_for(client, url)
    for _ in range(60):
        audit_standalone(actor=admin, action="person.view", target=_ichiro())
    assert queries_for(client, url) == few


# --- What the auditor reads (issue 21 point 2) ------------------------------------------------


def test_old_rows_show_no_personal_values_to_the_auditor(kansa: User, admin: User) -> None:
    """Rows written before the rule keep their values (append-only); the page masks them."""
    with transaction.atomic():
        AuditEvent.objects.create(
            actor=admin,
            actor_username="admin",
            roles="admin,coordinator",
            action="person.search",
            details={"name": "鈴木", "address": "南町9-9-9", "phone": "090-1234-5678", "shown": 2},
        )
        AuditEvent.objects.create(
            actor=admin,
            actor_username="admin",
            action="case.plan_save",
            object_type="case",
            object_id="1",
            details={"version": 2, "changes": {"goal": ["前の目標", "家族で話したい"]}},
        )
        AuditEvent.objects.create(
            actor=admin,
            actor_username="admin",
            action="person.update",
            object_type="person",
            object_id="2",
            details={"address": ["北町1-1", "南町9-9-9"], "notes": ["a", "夜に大声"]},
        )
    page = client_for(kansa).get("/audit/", {"user": "admin"}).content.decode()
    for value in ("南町9-9-9", "090-1234-5678", "家族で話したい", "前の目標", "夜に大声", "{'"):
        assert value not in page, value
    assert "（記録あり）" in page
    assert "本人の目標" in page  # the field that changed, by its Japanese name
    assert "住所" in page
    assert "システム管理者、コーディネーター（多機関協働）" in page  # roles in Japanese
    assert "表示した件数" in page


def test_master_data_changes_keep_their_values() -> None:
    shown = display.describe("user.update", "user", {"roles": [["consultant"], ["admin"]]})
    assert shown == [display.Detail("役割", "consultant → admin")]


def test_new_rows_hold_no_typed_search_terms_or_free_text(coordinator: User) -> None:
    client = client_for(coordinator)
    client.get("/people/", {"address": "南町9-9-9", "phone": "090"})
    client.get("/cases/", {"name": "鈴木ハナ"})
    client.get("/consultations/", {"q": "鈴木"})
    for event in AuditEvent.objects.filter(actor=coordinator):
        for value in ("南町", "090", "鈴木"):
            assert value not in str(event.details), (event.action, event.details)


def test_a_bad_audit_search_names_the_field(kansa: User) -> None:
    """Issue 13 point 5 for the audit search: the message names the field."""
    page = client_for(kansa).get("/audit/", {"date_from": "令和8年2月30日"}).content.decode()
    assert "期間（から）：" in page


# --- The generator -----------------------------------------------------------------------------


def test_the_generator_writes_rows_with_links(settings) -> None:
    before = AuditEvent.objects.count()
    assert generate_audit(count=5, people=3) == 5
    generated = AuditEvent.objects.filter(details__generated=True)
    assert AuditEvent.objects.count() == before + 5 == before + generated.count()
    assert all(
        1 <= pk <= 3
        for pk in AuditPerson.objects.filter(event__in=generated).values_list(
            "person_id", flat=True
        )
    )
    settings.PRODUCTION = True
    with pytest.raises(DemoRefused):
        generate_audit(count=5, people=3)
