from django.urls import path

from kasane.community import (
    activity_views,
    figures_views,
    helper_views,
    issue_views,
    map_views,
    profile_views,
    project_views,
    theme_views,
)

app_name = "community"

urlpatterns: list = []

# --- the map (地域の地図) and the city's boundary file ---
urlpatterns += [
    path("community/map/", map_views.area_map, name="map"),
    path("community/map/boundaries/", map_views.boundaries_upload, name="map_boundaries"),
    path(
        "community/map/boundaries/confirm/",
        map_views.boundaries_confirm,
        name="map_boundaries_confirm",
    ),
]

# --- issues: 地域課題 and 取組 ---
urlpatterns += [
    path("community/issues/", issue_views.issue_list, name="issue_list"),
    path("community/issues/new/", issue_views.issue_create, name="issue_create"),
    path("community/issues/<int:pk>/", issue_views.issue_detail, name="issue"),
    path("community/issues/<int:pk>/edit/", issue_views.issue_edit, name="issue_edit"),
    path("community/issues/<int:pk>/move/", issue_views.issue_move, name="issue_move"),
    path("community/projects/", project_views.project_list, name="project_list"),
    path("community/projects/new/", project_views.project_create, name="project_create"),
    path("community/projects/<int:pk>/", project_views.project_detail, name="project"),
    path("community/projects/<int:pk>/edit/", project_views.project_edit, name="project_edit"),
    path(
        "community/projects/<int:pk>/resources/new/",
        project_views.project_resource_create,
        name="project_resource_create",
    ),
    path(
        "community/projects/<int:pk>/resources/link/",
        project_views.project_resource_link,
        name="project_resource_link",
    ),
    path("manage/community/themes/", theme_views.theme_list, name="theme_list"),
    path("manage/community/themes/new/", theme_views.theme_create, name="theme_create"),
    path("manage/community/themes/<int:pk>/", theme_views.theme_edit, name="theme_edit"),
]

# --- activities: 地域の活動, 委員会 and 委員, 地域の担い手 and their matches, the year's figures.
urlpatterns += [
    path("community/activities/", activity_views.activity_list, name="activity_list"),
    path("community/activities/new/", activity_views.activity_create, name="activity_create"),
    path("community/activities/<int:pk>/", activity_views.activity_detail, name="activity"),
    path("community/activities/<int:pk>/edit/", activity_views.activity_edit, name="activity_edit"),
    path(
        "community/activities/<int:pk>/delete/",
        activity_views.activity_delete,
        name="activity_delete",
    ),
    path("community/committees/", activity_views.committee_list, name="committee_list"),
    path("community/committees/new/", activity_views.committee_create, name="committee_create"),
    path("community/committees/<int:pk>/", activity_views.committee_detail, name="committee"),
    path(
        "community/committees/<int:pk>/edit/",
        activity_views.committee_edit,
        name="committee_edit",
    ),
    path(
        "community/committees/<int:pk>/members/new/",
        activity_views.member_add,
        name="member_add",
    ),
    path(
        "community/committees/<int:pk>/members/<int:member_pk>/edit/",
        activity_views.member_edit,
        name="member_edit",
    ),
    path(
        "community/committees/<int:pk>/members/<int:member_pk>/end/",
        activity_views.member_end,
        name="member_end",
    ),
    path("community/helpers/", helper_views.helper_list, name="helper_list"),
    path("community/helpers/new/", helper_views.helper_create, name="helper_create"),
    path("community/helpers/<int:pk>/", helper_views.helper_detail, name="helper"),
    path("community/helpers/<int:pk>/edit/", helper_views.helper_edit, name="helper_edit"),
    path("community/helpers/<int:pk>/match/", helper_views.helper_match, name="helper_match"),
    path(
        "community/helper-matches/<int:pk>/end/",
        helper_views.helper_match_end,
        name="helper_match_end",
    ),
    path(
        "community/helpers/candidates/service/<int:pk>/",
        helper_views.candidates_for_service,
        name="helper_candidates_service",
    ),
    path(
        "community/helpers/candidates/project/<int:pk>/",
        helper_views.candidates_for_project,
        name="helper_candidates_project",
    ),
    path("community/figures/", figures_views.figures, name="figures"),
    path("community/figures/figures.xlsx", figures_views.figures_export, name="figures_export"),
]

# --- profiles: 地域づくり's home, area profiles (地域プロフィール・地域ビジョン) and the city's
# statistics (figures by hand and the 住民基本台帳 CSV import).
urlpatterns += [
    path("community/", profile_views.home, name="home"),
    path("community/areas/<int:pk>/", profile_views.profile, name="profile"),
    path("community/areas/<int:pk>/edit/", profile_views.profile_edit, name="profile_edit"),
    path("community/areas/<int:pk>/figures/", profile_views.figures_edit, name="figures_edit"),
    path("community/statistics/import/", profile_views.figures_upload, name="figures_import"),
    path(
        "community/statistics/import/confirm/",
        profile_views.figures_confirm,
        name="figures_import_confirm",
    ),
]
