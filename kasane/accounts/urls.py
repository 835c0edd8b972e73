from django.contrib.auth import views as auth_views
from django.urls import path

from kasane.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("sessions/", views.session_list, name="sessions"),
    path("manage/users/", views.user_list, name="user_list"),
    path("manage/users/new/", views.user_create, name="user_create"),
    path("manage/users/<int:pk>/", views.user_detail, name="user_detail"),
    path("manage/users/<int:pk>/password/", views.user_password_reset, name="user_password_reset"),
    path("manage/users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("manage/users/<int:pk>/sessions/end/", views.user_sessions_end, name="user_sessions_end"),
]
