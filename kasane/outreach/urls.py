from django.urls import path

from kasane.outreach import figures_views, round_views, views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.target_list, name="list"),
    path("outreach/new/", views.target_create, name="create"),
    path("outreach/print/", round_views.round_print, name="print"),
    path("outreach/export/", round_views.list_export, name="export"),
    path("outreach/figures/", figures_views.figures, name="figures"),
    path("outreach/<int:pk>/", views.target_detail, name="detail"),
    path("outreach/<int:pk>/edit/", views.target_edit, name="edit"),
    path("outreach/<int:pk>/attempts/new/", views.attempt_create, name="attempt_create"),
    path("outreach/<int:pk>/stage/", views.stage_correct, name="stage"),
    path("outreach/<int:pk>/link-person/", views.link_person, name="link_person"),
    path("outreach/<int:pk>/open-case/", views.open_case, name="open_case"),
    path("outreach/<int:pk>/close/", views.target_close, name="close"),
    path("outreach/<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path("outreach/<int:pk>/assignments/", views.assignment_add, name="assignment_add"),
    path(
        "outreach/<int:pk>/assignments/<int:assignment_pk>/leave/",
        views.assignment_leave,
        name="assignment_leave",
    ),
]
