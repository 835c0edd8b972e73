from django.urls import path

from kasane.community import issue_views, map_views, project_views, theme_views

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
