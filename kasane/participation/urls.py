from django.urls import path

from kasane.participation import figures_views, views

app_name = "participation"

urlpatterns = [
    path("cases/<int:pk>/participation/", views.case_page, name="case"),
    path(
        "cases/<int:pk>/participation/people/<int:person_pk>/wishes/",
        views.profile_edit,
        name="profile",
    ),
    path(
        "cases/<int:pk>/participation/people/<int:person_pk>/match/",
        views.proposals,
        name="proposals",
    ),
    path("cases/<int:pk>/participation/unmet/", views.unmet_need, name="unmet_need"),
    path("participation/", views.match_list, name="list"),
    path("participation/matches/<int:pk>/", views.match_detail, name="match"),
    path("participation/matches/<int:pk>/move/", views.match_move, name="move"),
    path("participation/matches/<int:pk>/notes/", views.match_notes, name="notes"),
    path("participation/matches/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("participation/figures/", figures_views.figures, name="figures"),
]
