"""The writes of the 成果目標: an indicator, a year's target, a year's manual figure. Each runs
in a transaction with its audit row; a refusal raises `DomainError` and changes nothing. An
indicator names no person, so the audit rows name the indicator and what changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError
from kasane.plan.catalogue import BY_CODE
from kasane.plan.models import ImplementationPlan, Indicator, IndicatorTarget, ManualFigure

UNKNOWN_CODE = "実績の数え方が一覧にありません。何も変更していません。"
NEEDS_DEFINITION = (
    "一覧から数え方を選ばないときは、手入力する実績の定義を書いてください。何も変更していません。"
)
NOT_MANUAL = "この成果目標の実績は記録から数えます。手入力はできません。何も記録していません。"
YEAR_RANGE = (1989, 2200)
BAD_YEAR = "年度が正しくありません。何も記録していません。"


@transaction.atomic
def indicator_save(
    *,
    actor: User,
    indicator: Indicator | None,
    plan: ImplementationPlan | None,
    label: str,
    code: str,
    unit: str,
    definition: str,
    order: int,
) -> Indicator:
    """Creates an indicator (when `indicator` is None) or changes it."""
    if code and code not in BY_CODE:
        raise DomainError(UNKNOWN_CODE)
    if not code and not definition.strip():
        raise DomainError(NEEDS_DEFINITION)
    if indicator is None:
        indicator = Indicator()
        changed = ["new"]
    else:
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        changed = sorted(
            name
            for name, value in (
                ("plan_id", plan.pk if plan else None),
                ("label", label),
                ("code", code),
                ("unit", unit),
                ("definition", definition),
                ("order", order),
            )
            if getattr(indicator, name) != value
        )
    indicator.plan, indicator.label, indicator.code = plan, label, code
    indicator.unit, indicator.definition, indicator.order = unit, definition, order
    indicator.save()
    audit_record(
        actor=actor,
        action="plan.indicator_save",
        target=indicator,
        details={"code": code, "changed": changed},
    )
    return indicator


def _check_year(year: int) -> None:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise DomainError(BAD_YEAR)


@transaction.atomic
def target_set(*, actor: User, indicator: Indicator, fiscal_year: int, value: int) -> None:
    _check_year(fiscal_year)
    before = IndicatorTarget.objects.filter(indicator=indicator, fiscal_year=fiscal_year).first()
    IndicatorTarget.objects.update_or_create(
        indicator=indicator, fiscal_year=fiscal_year, defaults={"value": value}
    )
    audit_record(
        actor=actor,
        action="plan.indicator_target",
        target=indicator,
        details={
            "fiscal_year": fiscal_year,
            "value": value,
            "before": before.value if before else None,
        },
    )


@transaction.atomic
def figure_set(
    *, actor: User, indicator: Indicator, fiscal_year: int, value: int, note: str
) -> None:
    """A year's manual figure; entering it again replaces it, keeping who and when (the audit
    row keeps the value before)."""
    _check_year(fiscal_year)
    if not indicator.is_manual:
        raise DomainError(NOT_MANUAL)
    before = ManualFigure.objects.filter(indicator=indicator, fiscal_year=fiscal_year).first()
    ManualFigure.objects.update_or_create(
        indicator=indicator,
        fiscal_year=fiscal_year,
        defaults={
            "value": value,
            "note": note,
            "entered_by": actor,
            "entered_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="plan.indicator_figure",
        target=indicator,
        details={
            "fiscal_year": fiscal_year,
            "value": value,
            "before": before.value if before else None,
        },
    )
