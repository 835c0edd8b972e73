"""The one check-then-confirm step of every import (the directory, the city's statistics, the
boundary file): what was checked travels signed to the confirm form; a token altered, made
for another user or another import, or older than an hour is refused with one Japanese message
and imports nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core import uploads
from kasane.core.uploads import CHECK_EXPIRED, FileRefused, read_checked, sign_checked
from tests.conftest import client_for

DATA = {"table": [["名称"], ["サロン"]], "file": "a.csv"}


def test_it_returns_what_was_signed_for_the_same_user_and_import() -> None:
    token = sign_checked(DATA, purpose="kasane.test", user_pk=7)
    assert read_checked(token, purpose="kasane.test", user_pk=7) == DATA


@pytest.mark.parametrize(
    ("purpose", "user_pk", "change"),
    [
        ("kasane.test", 8, False),  # another user
        ("kasane.other", 7, False),  # another import
        ("kasane.test", 7, True),  # altered
    ],
)
def test_it_refuses_a_token_for_someone_or_something_else(purpose, user_pk, change) -> None:
    token = sign_checked(DATA, purpose="kasane.test", user_pk=7)
    if change:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(FileRefused, match=CHECK_EXPIRED):
        read_checked(token, purpose=purpose, user_pk=user_pk)


def test_it_refuses_a_token_older_than_an_hour(monkeypatch) -> None:
    token = sign_checked(DATA, purpose="kasane.test", user_pk=7)
    monkeypatch.setattr(uploads, "CONFIRM_MAX_AGE", -1)
    with pytest.raises(FileRefused, match=CHECK_EXPIRED):
        read_checked(token, purpose="kasane.test", user_pk=7)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "name", "back", "action"),
    [
        ("sanka", "resources:import_confirm", "resources:import", "resource.import"),
        (
            "coordinator",
            "community:figures_import_confirm",
            "community:figures_import",
            "community.figures_import",
        ),
        (
            "coordinator",
            "community:map_boundaries_confirm",
            "community:map_boundaries",
            "community.boundaries_load",
        ),
    ],
)
def test_every_import_refuses_a_forged_token(username, name, back, action) -> None:
    user = User.objects.get(username=username)
    forged = sign_checked(DATA, purpose="kasane.someone-else", user_pk=user.pk)
    before = AuditEvent.objects.filter(action=action).count()
    response = client_for(user).post(reverse(name), {"token": forged}, follow=True)
    assert response.redirect_chain[0][0] == reverse(back)
    assert CHECK_EXPIRED in response.content.decode()
    assert AuditEvent.objects.filter(action=action).count() == before
