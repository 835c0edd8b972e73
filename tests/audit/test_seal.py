"""The seal over the audit trail (issue 19): every row chained by HMAC to the one before; a
changed, deleted or truncated row — even by a superuser who bypasses the triggers — and lost
seals are found by `audit_verify` and by the daily check the auditor sees; TRUNCATE is refused
on PostgreSQL to every role but a superuser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit import chain
from kasane.audit.models import AuditCheck, AuditEvent, AuditSeal
from kasane.audit.services import audit_record
from kasane.core.jobs import registered_jobs
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _later() -> dt.datetime:
    """A time by which every row written so far is due for sealing."""
    return timezone.now() + dt.timedelta(minutes=11)


def _record(actor: User, count: int = 3) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(actor=actor, action="notice.list", details={"n": n}, people=[n + 1])
            for n in range(count)
        ]


def _bypassing_triggers(sql: str, params: list[object]) -> None:
    """What a database superuser can do: on PostgreSQL with triggers off for the session."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_it_seals_rows_only_after_the_delay(coordinator: User) -> None:
    events = _record(coordinator)
    chain.seal(_later())
    sealed = AuditSeal.objects.order_by("-last_event_id").first()
    assert sealed is not None and sealed.last_event_id >= events[-1].pk
    fresh = _record(coordinator, 1)
    assert chain.seal(timezone.now()) == 0  # written just now: not yet
    assert not AuditSeal.objects.filter(last_event_id__gte=fresh[0].pk).exists()
    assert chain.verify().ok


def test_it_detects_a_changed_row(coordinator: User) -> None:
    events = _record(coordinator)
    chain.seal(_later())
    _bypassing_triggers(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["auth.logout", events[1].pk]
    )
    result = chain.verify()
    assert not result.ok
    assert any("内容が封印時と異なります" in problem for problem in result.problems)


def test_it_detects_a_changed_link_to_a_person(coordinator: User) -> None:
    events = _record(coordinator)
    chain.seal(_later())
    _bypassing_triggers("DELETE FROM audit_auditperson WHERE event_id = %s", [events[0].pk])
    assert not chain.verify().ok


def test_it_detects_a_deleted_row_and_a_truncated_trail(coordinator: User) -> None:
    events = _record(coordinator)
    chain.seal(_later())
    _bypassing_triggers("DELETE FROM audit_auditperson WHERE event_id = %s", [events[2].pk])
    _bypassing_triggers("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    problems = chain.verify().problems
    assert any("削除または追加" in problem for problem in problems)
    _bypassing_triggers("DELETE FROM audit_auditperson", [])
    _bypassing_triggers("DELETE FROM audit_auditevent", [])
    assert not chain.verify().ok


def test_it_detects_lost_seals_through_the_last_check(coordinator: User) -> None:
    _record(coordinator)
    chain.seal(_later())
    assert chain.check(timezone.now()).ok
    _bypassing_triggers("DELETE FROM audit_auditseal", [])
    result = chain.verify()
    assert any("短くなっています" in problem for problem in result.problems)


def test_a_seal_made_without_the_key_does_not_verify(coordinator: User) -> None:
    _record(coordinator)
    with override_settings(KASANE_AUDIT_SEAL_KEY="someone-else's-key"):
        chain.seal(_later())
    assert any("内容が封印時と異なります" in problem for problem in chain.verify().problems)


def test_the_command_reports_and_fails_on_tampering(coordinator: User, capsys) -> None:
    events = _record(coordinator)
    chain.seal(_later())  # the command seals what is due now; these rows are due later
    call_command("audit_verify", "--seal")
    assert "異常はありません" in capsys.readouterr().out
    assert AuditCheck.objects.latest("checked_at").ok
    _bypassing_triggers(
        "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["書き換え", events[0].pk]
    )
    # The command's own check is written before it fails.
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert not AuditCheck.objects.latest("checked_at").ok


def test_the_worker_seals_every_minute_and_checks_daily() -> None:
    jobs = {job.name: job.every for job in registered_jobs()}
    assert jobs["audit.seal"] == dt.timedelta(minutes=1)
    assert jobs["audit.verify"] == dt.timedelta(days=1)
    assert jobs["audit.verify_full"] == dt.timedelta(days=7)


def test_the_daily_check_reads_what_was_sealed_since_the_last_and_the_weekly_all(
    coordinator: User,
) -> None:
    old = _record(coordinator)
    chain.seal(_later())
    first = chain.check(timezone.now(), full=False)
    assert first.ok and first.full  # no earlier check: the first reads everything
    new = _record(coordinator)
    chain.seal(_later() + dt.timedelta(minutes=1))
    _bypassing_triggers("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["x", old[0].pk])
    daily = chain.check(timezone.now(), full=False)
    assert daily.ok and not daily.full  # the old row is not read again daily…
    assert daily.sealed_through >= new[-1].pk
    assert daily.sealed_events == first.sealed_events + len(new)
    assert not chain.check(timezone.now(), full=True).ok  # …but weekly
    # After a failed check, the daily one reads everything again: the failure stays shown.
    again = chain.check(timezone.now(), full=False)
    assert again.full and not again.ok


def test_seals_and_checks_are_append_only(coordinator: User) -> None:
    _record(coordinator)
    chain.seal(_later())
    with pytest.raises(Exception, match="追記のみ"):
        AuditSeal.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
@pytest.mark.parametrize(
    "table", ["audit_auditevent", "audit_auditperson", "audit_auditseal", "audit_auditcheck"]
)
def test_truncate_is_refused_to_every_role_but_a_superuser(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE kasane_truncate_probe NOLOGIN")
        tables = "audit_auditevent, audit_auditperson, audit_auditseal, audit_auditcheck"
        cursor.execute(f"GRANT TRUNCATE, SELECT ON {tables} TO kasane_truncate_probe")
        cursor.execute("SET LOCAL ROLE kasane_truncate_probe")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(f"TRUNCATE {table} CASCADE")
        cursor.execute("RESET ROLE")


def test_the_auditor_sees_the_last_check(kansa: User, coordinator: User) -> None:
    page = client_for(kansa).get("/audit/").content.decode()
    assert "改ざん検知: まだ確認していません" in page
    events = _record(coordinator)
    chain.seal(_later())
    chain.check(timezone.now())
    assert "改ざん検知: 異常なし" in client_for(kansa).get("/audit/").content.decode()
    _bypassing_triggers(
        "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["x", events[0].pk]
    )
    chain.check(timezone.now())
    page = client_for(kansa).get("/audit/").content.decode()
    assert "改ざん検知: 異常あり" in page and "内容が封印時と異なります" in page
