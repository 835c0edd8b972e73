"""Headers every page carries, and the rule that every page answers 404 to those who may
not use it (never 403: the answer must not reveal what exists)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kasane.accounts.models import User
from kasane.organizations.models import Area, Organization
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Pages any logged-in user may open; every other page is for some roles only.
OPEN_TO_ALL_USERS = {
    "core:home",
    "core:health",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
}
ROLE_PAGES = {
    "accounts:user_list": "admin",
    "accounts:user_create": "admin",
    "accounts:user_detail": "admin",
    "accounts:user_password_reset": "admin",
    "accounts:user_unlock": "admin",
    "organizations:organization_list": "admin",
    "organizations:organization_create": "admin",
    "organizations:organization_edit": "admin",
    "organizations:area_list": "admin",
    "organizations:area_create": "admin",
    "organizations:area_edit": "admin",
    "audit:search": "auditor",
}


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _named_patterns(entry, inner)
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def _url_for(name: str, pattern: URLPattern) -> str:
    from django.urls import reverse

    if "pk" not in pattern.pattern.converters:
        return reverse(name)
    model = {"accounts": User, "organizations": Area if "area" in name else Organization}[
        name.split(":")[0]
    ]
    return reverse(name, kwargs={"pk": model.objects.order_by("pk").first().pk})


def test_every_page_is_classified() -> None:
    names = {name for name, _ in _named_patterns(get_resolver())}
    assert names == OPEN_TO_ALL_USERS | set(ROLE_PAGES)


@pytest.mark.parametrize("username", ["outsider", "zeimu", "keisatsu", "chiiki", "coordinator"])
@pytest.mark.parametrize(
    ("name", "pattern"),
    [pair for pair in _named_patterns(get_resolver()) if pair[0] in ROLE_PAGES],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_users_without_the_role_get_404_on_every_page(
    username: str, name: str, pattern: URLPattern
) -> None:
    client = client_for(User.objects.get(username=username))
    url = _url_for(name, pattern)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code == 404


def test_pages_carry_security_headers(admin_client: Client) -> None:
    response = admin_client.get("/manage/users/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) == 32


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy() -> None:
    from django.test import RequestFactory

    from kasane.core.http import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


def test_a_trusted_proxy_gives_the_client_address(settings) -> None:
    from django.test import RequestFactory

    from kasane.core.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.9.8.7"
    )
    assert client_ip(request) == "10.9.8.7"


def test_csrf_is_enforced_on_forms(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post("/manage/organizations/new/", {"name": "x", "kind": "npo"})
    assert response.status_code == 403
