"""終結の理由 kept on the case (`Case.closing_reason`): written by the services that close a case
(the evaluation's and the meeting's paths are tested with them, in test_evaluations and
tests/meetings), "" on every other case, read back for the cases closed before the field
existed (the data migration's fill), and shown in the Excel export beside 終了日."""

from __future__ import annotations

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.cases import services
from kasane.cases.closing import fill_closing_reasons
from kasane.cases.models import (
    Case,
    CaseStatus,
    ClosingReason,
    EvaluationDecision,
)
from kasane.meetings.models import Meeting
from tests.builders import case_in_support, demo_case, today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _evaluate(
    actor: User, case: Case, closing_reason: str, decision: str = EvaluationDecision.CLOSE
) -> None:
    services.evaluation_record(
        actor=actor,
        case=case,
        evaluated_on=today(),
        goal_attainment="achieved",
        changes="落ち着いた。",
        decision=decision,
        reason="目標に届いた。",
        items=[],
        closing_reason=closing_reason,
    )


def _end_at_a_meeting(coordinator: User, case: Case) -> None:
    services.case_end(
        actor=coordinator,
        case=case,
        to_status=CaseStatus.CLOSED,
        ended_on=today(),
        closing_reason=ClosingReason.DIED,
        reason="逝去された。",
        meeting=Meeting.objects.order_by("pk")[0],
    )


def test_only_a_closed_case_may_hold_a_reason(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(closing_reason=ClosingReason.GOAL)


def test_the_fill_reads_the_closing_evaluation(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    _evaluate(kosodate, case, ClosingReason.WISH)
    Case.objects.filter(pk=case.pk).update(closing_reason="")  # closed before the field
    assert fill_closing_reasons(Case.objects.filter(pk=case.pk)) == 1
    case.refresh_from_db()
    assert case.closing_reason == ClosingReason.WISH


def test_the_fill_reads_the_meetings_label_when_no_evaluation_closed_it(
    kosodate: User, coordinator: User
) -> None:
    case = case_in_support(kosodate, coordinator)
    _end_at_a_meeting(coordinator, case)
    case.refresh_from_db()
    assert case.closing_reason == ClosingReason.DIED
    Case.objects.filter(pk=case.pk).update(closing_reason="")  # closed before the field
    assert fill_closing_reasons(Case.objects.filter(pk=case.pk)) == 1
    case.refresh_from_db()
    assert case.closing_reason == ClosingReason.DIED
    # A transition whose text names no reason leaves the case without one.
    Case.objects.filter(pk=case.pk).update(closing_reason="")
    case.transitions.filter(to_status=CaseStatus.CLOSED).update(reason="理由なし")
    assert fill_closing_reasons(Case.objects.filter(pk=case.pk)) == 0


def test_the_fill_takes_a_few_queries_however_many_cases(
    kosodate: User, coordinator: User, django_assert_max_num_queries
) -> None:
    _evaluate(kosodate, case_in_support(kosodate, coordinator), ClosingReason.GOAL)
    _end_at_a_meeting(coordinator, case_in_support(kosodate, coordinator, "小川家"))
    suspended = case_in_support(kosodate, coordinator, "小川家")
    _evaluate(kosodate, suspended, ClosingReason.CONTACT_LOST, EvaluationDecision.SUSPEND)
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    expected = dict(closed.values_list("pk", "closing_reason"))
    assert len(set(expected.values())) == 3 and all(expected.values())
    closed.update(closing_reason="")
    with django_assert_max_num_queries(1 + len(ClosingReason.choices)):
        assert fill_closing_reasons(Case.objects.all()) == len(expected)
    assert dict(closed.values_list("pk", "closing_reason")) == expected
    # Only the closed cases: an evaluation that suspended a case gives it no reason.
    assert Case.objects.get(pk=suspended.pk).closing_reason == ""


def test_the_export_has_the_reason_beside_the_end_date(coordinator: User) -> None:
    case = demo_case("小川家")
    response = client_for(coordinator).post(reverse("cases:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[-2:] == ["終了日", "終結の理由"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[case.pk][-1] == "つなぎ戻し"
    open_case = next(row for row in rows.values() if row[-2] is None)
    assert open_case[-1] in ("", None)


def test_the_summary_printout_names_the_reason(kosodate: User, coordinator: User) -> None:
    from tests.cases.test_printouts import pdf_text, printed

    case = case_in_support(kosodate, coordinator)
    _evaluate(coordinator, case, ClosingReason.MOVED)
    case.refresh_from_db()
    text = pdf_text(client_for(coordinator).get(printed(case, "summary")))
    assert f"終了・{ClosingReason.MOVED.label}" in text.replace(" ", "")
