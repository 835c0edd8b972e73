"""Every form turns bad input into a message, never a server error (issue 13 point 9): every URL
pattern (as tests/access/test_every_page.py finds and fills them) is posted, and queried, with
fuzzed values for every field name any form of the application uses, as a user who may use
the page. Run it on PostgreSQL too (a NUL byte is an error there, not on SQLite)."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import get_resolver

from kasane.accounts.models import User
from tests.access.test_every_page import _named_patterns, _url_for  # the one classification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Who tries each page: the first of them the page does not answer 404.
USERS = ["admin", "coordinator", "houkatsu", "zeimu"]
# Each kind is posted to every field at once; a multi-select gets the list whole, any other
# field its last value (so "list" also gives every field a NUL, and "numbers" a long text).
FUZZ: dict[str, object] = {
    "huge": str(2**63),
    "numbers": ["1" * 40, str(-(2**63) - 1), "令和99年13月45日", "あ" * 5_000],
    "list": ["1", str(2**63), "鈴木\x00一郎"],
}
# Pages without forms that only sign out, answer health checks, print or export.
SKIP = {"accounts:logout", "front:health", "cases:export"}


def _skipped(name: str) -> bool:
    return name in SKIP or ":print" in name


def _forms_of(context) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = []
    contexts = list(context) if context is not None else []
    values = [
        v
        for ctx in contexts
        for v in (ctx.flatten().values() if hasattr(ctx, "flatten") else [ctx])
    ]
    for value in values:
        candidates = value.values() if isinstance(value, dict) else [value]
        for candidate in candidates:
            if isinstance(candidate, BaseFormSet):
                found += [candidate.management_form, *candidate.forms]
            elif isinstance(candidate, forms.BaseForm):
                found.append(candidate)
            elif isinstance(candidate, list | tuple):
                found += [
                    item[1]
                    for item in candidate
                    if isinstance(item, tuple)
                    and len(item) == 2
                    and isinstance(item[1], forms.BaseForm)
                ]
    return found


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker) -> list[tuple[str, str, str]]:
    """(name, url, username) for every page, with the user who may use it."""
    found = []
    with django_db_blocker.unblock():
        for name, pattern in _named_patterns(get_resolver()):
            if _skipped(name):
                continue
            url = _url_for(name, pattern)
            for username in USERS:
                client = client_for(User.objects.get(username=username))
                status = client.get(url).status_code
                if status != 404:
                    found.append((name, url, username))
                    break
    return found


@pytest.fixture(scope="module")
def field_names(pages, django_db_blocker) -> set[str]:
    """Every field name a form of the application posts."""
    names: set[str] = set()
    with django_db_blocker.unblock():
        for _name, url, username in pages:
            response = client_for(User.objects.get(username=username)).get(url)
            for form in _forms_of(response.context):
                names |= {form[field].html_name for field in form.fields}
    return names


@pytest.mark.parametrize("kind", FUZZ)
def test_no_form_answers_a_server_error(kind: str, pages, field_names) -> None:
    value = FUZZ[kind]
    data = {name: value for name in field_names}
    failures = []
    clients: dict[str, Client] = {}
    for name, url, username in pages:
        if username not in clients:
            clients[username] = client_for(User.objects.get(username=username))
        client = clients[username]
        client.raise_request_exception = False
        for method in (client.post, client.get):
            response = method(url, data)
            if response.status_code >= 500:
                failures.append(f"{method.__name__.upper()} {name} {url}")
    assert not failures, failures
