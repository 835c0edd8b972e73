"""The 年度計画 table: rows are the plan's projects and their 取組, columns its fiscal years,
each cell the year's milestone and the latest progress recorded for it. Read in four queries
whatever the plan's size (the plan, projects, 取組 with their leads, milestones and progress)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kasane.core.japanese import fiscal_year_label
from kasane.plan.models import ImplementationPlan, Initiative, PlanProject, Progress


@dataclass(frozen=True)
class Cell:
    year: int
    milestone: str
    progress: Progress | None


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    cells: list[Cell]


@dataclass(frozen=True)
class ProjectRows:
    project: PlanProject
    initiatives: list[InitiativeRow] = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return max(len(self.initiatives), 1)


@dataclass(frozen=True)
class PlanTable:
    plan: ImplementationPlan
    years: list[tuple[int, str]]  # (2025, 令和7年度)
    projects: list[ProjectRows]


def plan_table(plan: ImplementationPlan) -> PlanTable:
    initiatives = Initiative.objects.select_related("lead_organization").prefetch_related(
        "milestones",
        Prefetch(
            "progress",
            queryset=Progress.objects.select_related("recorded_by").order_by("recorded_at", "pk"),
        ),
    )
    projects = plan.projects.prefetch_related(Prefetch("initiatives", queryset=initiatives))
    rows = []
    for project in projects:
        project_rows = ProjectRows(project)
        for initiative in project.initiatives.all():
            milestones = {m.fiscal_year: m.text for m in initiative.milestones.all()}
            latest = {p.fiscal_year: p for p in initiative.progress.all()}  # the last wins
            cells = [Cell(year, milestones.get(year, ""), latest.get(year)) for year in plan.years]
            project_rows.initiatives.append(InitiativeRow(initiative, cells))
        rows.append(project_rows)
    years = [(year, fiscal_year_label(year)) for year in plan.years]
    return PlanTable(plan=plan, years=years, projects=rows)


def progress_history(initiative: Initiative) -> list[Progress]:
    return list(
        initiative.progress.select_related("recorded_by").order_by(
            "-fiscal_year", "-recorded_at", "-pk"
        )
    )
