"""Production settings refuse to start unsafe, and `check --deploy` finds nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-production-secret-key-for-the-test-only-0123456789-abcdefghijklmn"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment: no KASANE_* or DATABASE_URL from the developer's shell or CI (its
    # PostgreSQL run sets one), and no test-only switches (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly flags).
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KASANE_")
        and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


DATABASE = "postgres://kasane:secret@db.city.example:5432/kasane"


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage(
        "check",
        KASANE_ENV="production",
        KASANE_ALLOWED_HOSTS="kasane.city.example",
        DATABASE_URL=DATABASE,
    )
    assert result.returncode != 0
    assert "KASANE_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = manage(
        "check", KASANE_ENV="production", KASANE_SECRET_KEY=SECRET, DATABASE_URL=DATABASE
    )
    assert result.returncode != 0
    assert "KASANE_ALLOWED_HOSTS is required" in result.stderr


# Issue 21 point 6: production started with each of these.
DEVELOPMENT_KEY = "django-insecure-kasane-development-only-never-use-in-production"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (DEVELOPMENT_KEY, "is a published development key"),
        ("django-insecure-" + "x" * 60, "is a published development key"),
        ("k", "is 1 characters long; at least 50 are needed"),
        ("x" * 49, "is 49 characters long; at least 50 are needed"),
    ],
)
def test_production_refuses_a_known_or_short_secret_key(key: str, reason: str) -> None:
    result = manage(
        "check",
        KASANE_ENV="production",
        KASANE_SECRET_KEY=key,
        KASANE_ALLOWED_HOSTS="kasane.city.example",
        DATABASE_URL=DATABASE,
    )
    assert result.returncode != 0
    assert f"ImproperlyConfigured: KASANE_SECRET_KEY {reason}: set it to 50+ random" in (
        result.stderr
    )
    assert "get_random_secret_key" in result.stderr  # says how to make one


@pytest.mark.parametrize("hosts", ["*", "kasane.city.example,*", "*.city.example"])
def test_production_refuses_any_host(hosts: str) -> None:
    result = manage(
        "check",
        KASANE_ENV="production",
        KASANE_SECRET_KEY=SECRET,
        KASANE_ALLOWED_HOSTS=hosts,
        DATABASE_URL=DATABASE,
    )
    assert result.returncode != 0
    assert "KASANE_ALLOWED_HOSTS must not contain '*' in production" in result.stderr


def test_production_requires_a_database_url_not_a_sqlite_file() -> None:
    result = manage(
        "check",
        KASANE_ENV="production",
        KASANE_SECRET_KEY=SECRET,
        KASANE_ALLOWED_HOSTS="kasane.city.example",
    )
    assert result.returncode != 0
    assert "DATABASE_URL is required in production" in result.stderr


def test_a_fifty_character_key_and_named_hosts_start() -> None:
    result = manage(
        "check",
        "--fail-level",
        "ERROR",
        KASANE_ENV="production",
        KASANE_SECRET_KEY="y" * 50,
        KASANE_ALLOWED_HOSTS="kasane.city.example,.city.example",
        DATABASE_URL=DATABASE,
    )
    assert result.returncode == 0, result.stderr


def test_development_still_needs_no_setup() -> None:
    result = manage("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.pdf  # without a Japanese font, check rightly warns (kasane.W001)
def test_check_deploy_reports_nothing_in_production() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        KASANE_ENV="production",
        KASANE_SECRET_KEY=SECRET,
        KASANE_ALLOWED_HOSTS="kasane.city.example",
        DATABASE_URL=DATABASE,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "KASANE_ENV": "production",
    "KASANE_SECRET_KEY": SECRET,
    "KASANE_ALLOWED_HOSTS": "kasane.city.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


@pytest.mark.django_db
def test_demo_data_is_refused_in_production() -> None:
    # The load_demo command does not exist there (next test); the loader itself, still
    # importable from a shell, refuses through the guard.
    loader = "from kasane.demo.load import load_demo_city; load_demo_city()"
    result = manage("shell", "-c", loader, **PRODUCTION)
    assert result.returncode != 0
    assert "KASANE_ENV=production ではデモデータを投入できません" in result.stderr


def test_the_demo_is_not_installed_in_production() -> None:
    for command in ("load_demo", "generate_people", "benchmark_search"):
        result = manage(command, **PRODUCTION)
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


def test_production_keeps_database_connections_and_development_does_not() -> None:
    """Issue 20: a new PostgreSQL connection per request costs more than most pages' queries."""
    show = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    production = manage(
        "shell",
        "--verbosity=0",
        "-c",
        show,
        KASANE_ENV="production",
        KASANE_SECRET_KEY=SECRET,
        KASANE_ALLOWED_HOSTS="kasane.city.example",
        DATABASE_URL=DATABASE,
    )
    assert production.stdout.split() == ["60"], production.stderr
    assert manage("shell", "--verbosity=0", "-c", show).stdout.split() == ["0"]
    tuned = manage("shell", "--verbosity=0", "-c", show, KASANE_DB_CONN_MAX_AGE="300")
    assert tuned.stdout.split() == ["300"]
