"""地域課題のテーマ: admins add and edit the list (the shared code-list pages)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community.models import Theme
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_theme_once(admin: User) -> None:
    client = client_for(admin)
    data = {
        "code": "shopping",
        "name": "買い物",
        "sort_order": "200",
        "submission_key": "2e3a1f2e-6a0b-4a55-9d2a-0c0b5d1f6e04",
    }
    client.post(reverse("community:theme_create"), data)
    client.post(reverse("community:theme_create"), data)
    assert Theme.objects.filter(name="買い物").count() == 1
    assert AuditEvent.objects.filter(action="community.theme_create").count() == 1
    assert "買い物" in client.get(reverse("community:theme_list")).content.decode()


def test_a_theme_no_longer_used_is_not_offered(admin: User, chiiki: User) -> None:
    theme = Theme.objects.get(code="education")
    client_for(admin).post(
        reverse("community:theme_edit", args=[theme.pk]),
        {
            "name": theme.name,
            "sort_order": theme.sort_order,
            "loaded_at": theme.updated_at.isoformat(),
        },
    )
    theme.refresh_from_db()
    assert not theme.is_active
    page = client_for(chiiki).get(reverse("community:issue_create")).content.decode()
    assert ">教育<" not in page
