"""The cases home-page card: my tasks on cases."""

from __future__ import annotations

from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.cases import selectors as cases
from kasane.core.home import card


@card("tasks", order=60)
def case_tasks(user: User) -> cases.MyTasks | None:
    """My tasks on cases: monitoring due, next actions due and quiet cases, for those who work
    on cases. Rows past their date get `is_overdue`; quiet cases get `quiet_for` (days since
    the last recorded contact, or since 受付 when there is none)."""
    tasks = cases.my_tasks(user)
    if tasks is None:
        return None
    today = timezone.localdate()
    # The query selects only plans and notes with a date; the checks say so to the type checker.
    for plan in tasks.monitoring:
        plan.is_overdue = plan.monitoring_on is not None and plan.monitoring_on < today
    for note in tasks.actions:
        note.is_overdue = note.next_action_on is not None and note.next_action_on < today
    for case in tasks.quiet:
        case.quiet_for = (today - case.quiet_since).days
    shown = {
        *(plan.case_id for plan in tasks.monitoring),
        *(note.case_id for note in tasks.actions),
        *(case.pk for case in tasks.quiet),
    }
    people = [
        *(plan.case.main_person_id for plan in tasks.monitoring),
        *(note.case.main_person_id for note in tasks.actions),
        *(case.main_person_id for case in tasks.quiet),
    ]
    # The home page names households and people: record what it showed, as the list does.
    if shown:
        audit_standalone(
            actor=user,
            action="case.list",
            details={"via": "home", "shown": sorted(shown)},
            people=people,
        )
    return tasks
