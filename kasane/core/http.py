"""Request helpers: the client address (audit trail, login lockout), record numbers and
texts from the query string, and a safe page of this site to return to."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str:
    """The client address. Behind KASANE_TRUSTED_PROXY_COUNT load balancers, the address the
    nearest trusted proxy saw; otherwise REMOTE_ADDR (a forged X-Forwarded-For is ignored)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


def int_param(value: str | None) -> int | None:
    """A record number from the query string or a form (`?person=12`), or None when it is
    missing or not a plain number."""
    if value and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def text_param(value: str | None, max_length: int = 50) -> str:
    """A search text from the query string (`?name=鈴木`), trimmed to `max_length`, without
    control characters: a NUL byte is not text (PostgreSQL refuses it outright)."""
    text = "".join(char for char in (value or "") if char.isprintable() or char == " ")
    return text.strip()[:max_length]


def internal_path(value: str | None) -> str:
    """A page of this site to return to (`?next=/outreach/5/link-person/`), or "" for
    anything else: another host, a scheme, `//host`, a backslash trick, control characters."""
    path = value or ""
    if (
        len(path) > 500
        or not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or not path.isprintable()
        or not url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    ):
        return ""
    return path
