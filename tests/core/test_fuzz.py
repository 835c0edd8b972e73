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


def _pages() -> list[tuple[str, str, str]]:
    """(name, url, username) for every page, with the first user who may use it."""
    found = []
    clients = {username: client_for(User.objects.get(username=username)) for username in USERS}
    for name, pattern in _named_patterns(get_resolver()):
        if _skipped(name):
            continue
        url = _url_for(name, pattern)
        for username, client in clients.items():
            if client.get(url).status_code != 404:
                found.append((name, url, username))
                break
    return found


def _field_names(pages: list[tuple[str, str, str]]) -> set[str]:
    """Every field name a form of the application posts."""
    names: set[str] = set()
    for _name, url, username in pages:
        response = client_for(User.objects.get(username=username)).get(url)
        for form in _forms_of(response.context):
            names |= {form[field].html_name for field in form.fields}
    return names


def test_no_form_answers_a_server_error() -> None:
    """One test for every kind (finding the pages and fields once, in the test's own
    transaction: those GETs are audited)."""
    pages = _pages()
    field_names = _field_names(pages)
    assert len(pages) > 60 and len(field_names) > 100  # the walk found the application
    clients: dict[str, Client] = {}
    failures = []
    for kind, value in FUZZ.items():
        data = {name: value for name in field_names}
        for name, url, username in pages:
            if username not in clients:
                clients[username] = client_for(User.objects.get(username=username))
                clients[username].raise_request_exception = False
            client = clients[username]
            # Queries too, once: "list" gives every query parameter a NUL.
            for method in (client.post, client.get) if kind == "list" else (client.post,):
                if method(url, data).status_code >= 500:
                    failures.append(f"{kind}: {method.__name__.upper()} {name} {url}")
    assert not failures, failures
