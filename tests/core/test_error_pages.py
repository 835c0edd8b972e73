"""Kasane answers with its own Japanese error pages (404, 403, 400, 500, CSRF), which keep the
Content Security Policy (no inline style or script), and the development settings that
`make demo` uses run with DEBUG off and still serve the static files (WhiteNoise)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _assert_kasane_page(html: str, heading: str) -> None:
    assert f"<h1>{heading}</h1>" in html
    assert '<html lang="ja">' in html
    assert "/static/kasane/css/kasane.css" in html
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_it_shows_kasanes_404_to_a_user(admin) -> None:
    response = client_for(admin).get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_kasane_page(html, "ページが見つかりません")
    assert "URL に誤りがないか" in html
    assert "Page not found" not in html
    assert "style-src 'self'" in response["Content-Security-Policy"]


def test_it_shows_kasanes_404_to_someone_not_logged_in(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    _assert_kasane_page(response.content.decode(), "ページが見つかりません")


def test_a_forged_post_gets_kasanes_csrf_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "admin", "password": "x"})
    assert response.status_code == 403
    _assert_kasane_page(response.content.decode(), "送信を受け付けられませんでした")


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "要求を処理できません"),
        ("403.html", "この操作はできません"),
        ("500.html", "エラーが発生しました"),
    ],
)
def test_the_error_pages_render_without_a_request(template: str, heading: str) -> None:
    """Django renders 400 and 500 with no request and no context processors."""
    _assert_kasane_page(render_to_string(template), heading)


def test_static_files_are_served_with_debug_off(client: Client, settings) -> None:
    assert settings.DEBUG is False
    response = client.get("/static/kasane/css/kasane.css")
    assert response.status_code == 200
    assert b".site-header" in b"".join(response.streaming_content)


def _settings_value(expression: str, **env: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KASANE_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(env)
    code = f"import kasane.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_development_runs_with_debug_off_unless_asked() -> None:
    assert _settings_value("s.DEBUG") == "False"
    assert _settings_value("s.DEBUG", KASANE_DEBUG="1") == "True"


def test_development_serves_static_files_through_whitenoise() -> None:
    middleware = _settings_value("s.MIDDLEWARE[1]")
    assert middleware == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert _settings_value("s.WHITENOISE_USE_FINDERS") == "True"
