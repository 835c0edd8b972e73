from django.urls import path

from kasane.plan import views

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
