from django.contrib.auth import views as auth_views
from django.urls import path

from kasane.accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", two_factor_views.login_code, name="login_code"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/codes/", two_factor_views.two_factor_codes, name="two_factor_codes"),
    path("two-factor/remove/", two_factor_views.two_factor_remove, name="two_factor_remove"),
    path("sessions/", views.session_list, name="sessions"),
    path("manage/users/", views.user_list, name="user_list"),
    path("manage/users/new/", views.user_create, name="user_create"),
    path("manage/users/<int:pk>/", views.user_detail, name="user_detail"),
    path("manage/users/<int:pk>/password/", views.user_password_reset, name="user_password_reset"),
    path("manage/users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("manage/users/<int:pk>/sessions/end/", views.user_sessions_end, name="user_sessions_end"),
    path(
        "manage/users/<int:pk>/two-factor/reset/",
        two_factor_views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
]
