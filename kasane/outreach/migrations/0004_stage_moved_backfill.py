"""Backfills `OutreachTarget.stage_changed_on`: the day the stage last moved.

A closed target moved on its closing day. An open one replays its attempts (the result→stage
rule of `models.stage_after`, copied here as migrations must not import code that changes): the
day of the attempt that brought it to its stage; when a worker's correction or an opened case
set the stage instead (the replay does not end on it), the later of that audit row's day and the
last move the replay saw. A target nothing moved moved on its registration day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations, models
from django.utils import timezone

PATH = ["known", "trying", "met", "spoke", "relation", "connected"]
RESULT_STAGE = {"met": "met", "spoke": "spoke", "connected": "connected"}
BATCH = 500


def _after(stage: str, result: str) -> str:
    reached = RESULT_STAGE.get(result, "trying")
    return PATH[max(PATH.index(stage), PATH.index(reached))]


def _moved_on(target: Any, attempts: list[tuple[dt.datetime, str]], set_by_hand: dt.date | None):
    if target.stage == "closed":
        return target.closed_on or target.registered_on
    stage, moved = "known", target.registered_on
    for occurred_at, result in attempts:
        after = _after(stage, result)
        if after != stage:
            stage, moved = after, timezone.localdate(occurred_at)
    if stage != target.stage and set_by_hand is not None:
        return max(moved, set_by_hand)
    return moved


def backfill(apps: Any, schema_editor: Any) -> None:
    Target = apps.get_model("outreach", "OutreachTarget")
    Attempt = apps.get_model("outreach", "ContactAttempt")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    last = 0
    while True:
        targets = list(
            Target.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "stage", "closed_on", "registered_on")[:BATCH]
        )
        if not targets:
            return
        last = targets[-1].pk
        ids = [target.pk for target in targets]
        attempts: dict[int, list[tuple[dt.datetime, str]]] = {pk: [] for pk in ids}
        for target_id, occurred_at, result in (
            Attempt.objects.filter(target_id__in=ids)
            .order_by("target_id", "occurred_at", "pk")
            .values_list("target_id", "occurred_at", "result")
        ):
            attempts[target_id].append((occurred_at, result))
        by_hand = {
            int(row["object_id"]): timezone.localdate(row["last"])
            for row in AuditEvent.objects.filter(
                object_type="outreachtarget",
                object_id__in=[str(pk) for pk in ids],
                action__in=["outreach.stage_correct", "outreach.case_opened"],
            )
            .values("object_id")
            .annotate(last=models.Max("at"))
            .order_by()
        }
        for target in targets:
            target.stage_changed_on = _moved_on(target, attempts[target.pk], by_hand.get(target.pk))
        Target.objects.bulk_update(targets, ["stage_changed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0014_outreach_meeting_review_print_figures_actions"),
        ("outreach", "0003_reviews_and_stage_moved"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outreachtarget",
            name="stage_changed_on",
            field=models.DateField(verbose_name="段階が動いた日"),
        ),
    ]
