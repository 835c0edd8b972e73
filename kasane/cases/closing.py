"""終結の理由 of cases closed before the case kept it (`Case.closing_reason`): read back from
where it was written then — the evaluation that closed the case, else the label that begins
the closing transition's text when a meeting closed it (`case_end` wrote "転出：…")."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from kasane.cases.models import CaseStatus, ClosingReason, EvaluationDecision


def fill_closing_reasons(cases: QuerySet[Any]) -> int:
    """Give the queryset's closed cases without a reason the one on record, in one UPDATE for
    the evaluations and one per reason for the meetings' transitions (the data migration runs
    it on old rows; works with a migration's historical models). Returns the cases filled."""
    model = cases.model
    evaluations = model._meta.get_field("evaluations").related_model._default_manager
    transitions = model._meta.get_field("transitions").related_model._default_manager
    unfilled = cases.filter(status=CaseStatus.CLOSED, closing_reason="")
    closing = evaluations.filter(case=OuterRef("pk"), decision=EvaluationDecision.CLOSE).exclude(
        closing_reason=""
    )
    filled = unfilled.filter(Exists(closing)).update(
        closing_reason=Subquery(
            closing.order_by("-evaluated_on", "-pk").values("closing_reason")[:1]
        )
    )
    closed = transitions.filter(case=OuterRef("pk"), to_status=CaseStatus.CLOSED)
    for value, label in ClosingReason.choices:
        filled += unfilled.filter(Exists(closed.filter(reason__startswith=f"{label}："))).update(
            closing_reason=value
        )
    return filled
