from django.urls import path

from kasane.cases import case_views, evaluation_views, plan_views, print_views

app_name = "cases"

urlpatterns = [
    # The case: list, export, opening, page, status, team, notes (case_views)
    path("cases/", case_views.case_list, name="list"),
    path("cases/export/", case_views.case_export, name="export"),
    path("cases/new/", case_views.case_create, name="create"),
    path("cases/<int:pk>/", case_views.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", case_views.case_edit, name="edit"),
    path("cases/<int:pk>/transition/", case_views.case_transition, name="transition"),
    path("cases/<int:pk>/team/", case_views.team_add, name="team_add"),
    path("cases/<int:pk>/referrals/", case_views.referral_attach, name="referral_attach"),
    path("cases/<int:pk>/team/<int:member_pk>/leave/", case_views.team_leave, name="team_leave"),
    path("cases/<int:pk>/notes/", case_views.note_add, name="note_add"),
    path("cases/<int:pk>/notes/<int:note_pk>/done/", case_views.note_done, name="note_done"),
    # Assessment and plan (plan_views)
    path("cases/<int:pk>/assessment/", plan_views.assessment_detail, name="assessment"),
    path("cases/<int:pk>/assessment/edit/", plan_views.assessment_edit, name="assessment_edit"),
    path("cases/<int:pk>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("cases/<int:pk>/plans/item-row/", plan_views.plan_item_row, name="plan_item_row"),
    path("cases/<int:pk>/plans/<int:plan_pk>/", plan_views.plan_detail, name="plan"),
    path("cases/<int:pk>/plans/<int:plan_pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path(
        "cases/<int:pk>/plans/<int:plan_pk>/approve/", plan_views.plan_approve, name="plan_approve"
    ),
    path("cases/<int:pk>/plans/compare/", plan_views.plan_compare, name="plan_compare"),
    # Evaluation (evaluation_views) and printouts (print_views)
    path(
        "cases/<int:pk>/evaluations/new/",
        evaluation_views.evaluation_create,
        name="evaluation_create",
    ),
    path(
        "cases/<int:pk>/evaluations/<int:evaluation_pk>/",
        evaluation_views.evaluation_detail,
        name="evaluation",
    ),
    path("cases/<int:pk>/print/summary/", print_views.print_summary, name="print_summary"),
    path("cases/<int:pk>/print/assessment/", print_views.print_assessment, name="print_assessment"),
    path("cases/<int:pk>/print/plans/<int:plan_pk>/", print_views.print_plan, name="print_plan"),
    path(
        "cases/<int:pk>/print/evaluations/<int:evaluation_pk>/",
        print_views.print_evaluation,
        name="print_evaluation",
    ),
    path("cases/<int:pk>/print/notes/", print_views.print_notes, name="print_notes"),
]
