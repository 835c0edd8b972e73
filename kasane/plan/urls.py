from django.urls import path

from kasane.plan import indicator_views, lead_time_views, report_views, views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="home"),
    path("plans/new/", views.plan_create, name="create"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="edit"),
    path("plans/<int:pk>/print/", views.plan_print, name="print"),
    path("plans/<int:pk>/export/", views.plan_export, name="export"),
    path("plans/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("plans/projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path(
        "plans/projects/<int:pk>/initiatives/new/",
        views.initiative_create,
        name="initiative_create",
    ),
    path("plans/initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("plans/initiatives/<int:pk>/progress/", views.progress, name="progress"),
]

urlpatterns += [
    path("plans/indicators/", indicator_views.indicator_list, name="indicators"),
    path("plans/indicators/new/", indicator_views.indicator_create, name="indicator_create"),
    path("plans/indicators/<int:pk>/", indicator_views.indicator_detail, name="indicator"),
    path("plans/indicators/<int:pk>/edit/", indicator_views.indicator_edit, name="indicator_edit"),
    path(
        "plans/indicators/<int:pk>/target/",
        indicator_views.indicator_target,
        name="indicator_target",
    ),
    path(
        "plans/indicators/<int:pk>/figure/",
        indicator_views.indicator_figure,
        name="indicator_figure",
    ),
    path(
        "plans/indicators/<int:pk>/records/",
        indicator_views.indicator_records,
        name="indicator_records",
    ),
]

urlpatterns += [
    path("plans/lead-times/", lead_time_views.lead_time_page, name="lead_times"),
    # before the measure's list, whose slug would take "export"
    path("plans/lead-times/export/", lead_time_views.lead_time_export, name="lead_times_export"),
    path(
        "plans/lead-times/<slug:measure>/",
        lead_time_views.lead_time_records,
        name="lead_time_records",
    ),
    path("plans/report/", report_views.report, name="report"),
    path("plans/report/export/", report_views.report_export, name="report_export"),
]
