from django.urls import path

from kasane.community import profile_views

app_name = "community"

urlpatterns: list = []

# profiles: 地域づくり's home, area profiles (地域プロフィール・地域ビジョン) and the city's
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
