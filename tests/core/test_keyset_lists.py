"""Every long list pages by keyset (kasane.core.pagination): walking its 次へ links a row or two
at a time shows each row once, in the list's order, with the filters kept, and walking back
by 前へ from the last page shows the same pages again."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.selectors import audit_links_for_person
from kasane.people.models import Person
from tests.builders import next_page_url
from tests.conftest import client_for
from tests.intake.test_services import sheet

pytestmark = pytest.mark.django_db

PREVIOUS_LINK = re.compile(r'<a href="([^"]*)" rel="prev">')

LISTS = [
    ("coordinator", "/consultations/", ""),
    ("coordinator", "/consultations/", "route=visit"),
    ("coordinator", "/referrals/", "status=open&all_receivers=on"),
    ("coordinator", "/referrals/", "status=&all_receivers=on"),
    ("zeimu", "/referrals/sent/", ""),
    ("coordinator", "/cases/", ""),
    ("coordinator", "/cases/", "status=active"),
    ("coordinator", "/households/", ""),
    ("coordinator", "/people/", ""),
    ("coordinator", "/meetings/", "when=past"),
    ("coordinator", "/meetings/", ""),
    ("kansa", "/audit/", "action=case.transition"),
    ("coordinator", "/outreach/", "stage=all"),
    ("coordinator", "/outreach/", "stage=all&sort=area"),
]


def _pks(client: Client, url: str) -> list[int]:
    return [row.pk for row in client.get(url).context["page"]]


def _walk(client: Client, url: str, path: str) -> tuple[list[list[int]], str]:
    pages, last = [], url
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        pages.append([row.pk for row in response.context["page"]])
        last, next_url = next_url, next_page_url(response, path)
        assert len(pages) < 200, "the walk does not end"
    return pages, last


def _walk_back(client: Client, url: str, path: str) -> list[list[int]]:
    pages = []
    while True:
        response = client.get(url)
        pages.append([row.pk for row in response.context["page"]])
        found = PREVIOUS_LINK.search(response.content.decode())
        if not found:
            return list(reversed(pages))
        url = path + unescape(found.group(1))


@pytest.mark.parametrize(("username", "path", "query"), LISTS)
def test_it_walks_each_list_by_its_cursors(username: str, path: str, query: str, settings):
    user = User.objects.get(username=username)
    if path == "/referrals/sent/":
        for _ in range(2):  # the demo's 税務課 sent one sheet
            sheet(user)
    client = client_for(user)
    settings.KASANE_PAGE_SIZE = 1000
    everything = _pks(client, f"{path}?{query}")
    settings.KASANE_PAGE_SIZE = 1 if len(everything) < 5 else 2
    pages, last = _walk(client, f"{path}?{query}", path)
    assert [pk for page in pages for pk in page] == everything
    assert len(pages) > 1, "too few rows to page"
    if query and len(pages) > 1:
        assert query.split("&")[0] in last
    assert _walk_back(client, last, path) == pages


def test_the_person_audit_trail_walks_by_its_cursors(coordinator: User, kansa: User, settings):
    person = Person.objects.get(family_name="鈴木", given_name="一郎")
    for _ in range(3):
        client_for(coordinator).get(f"/people/{person.pk}/")
    expected = list(
        audit_links_for_person(person.pk)
        .order_by("-at", "-event_id")
        .values_list("event_id", flat=True)
    )
    settings.KASANE_PAGE_SIZE = 2
    path = f"/audit/people/{person.pk}/"
    pages, _last = _walk(client_for(kansa), path, path)
    assert [pk for page in pages for pk in page] == expected and len(pages) > 1


@pytest.mark.parametrize(("username", "path", "query"), LISTS)
def test_a_bad_cursor_shows_the_first_page_not_an_error(username: str, path: str, query: str):
    client = client_for(User.objects.get(username=username))
    first = _pks(client, f"{path}?{query}")
    for bad in ("after=garbage", "before=%00%ff:x", "after=eyJ2IjpbXX0:forged"):
        assert _pks(client, f"{path}?{query}&{bad}") == first, bad
