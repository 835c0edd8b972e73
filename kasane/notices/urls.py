from django.urls import path

from kasane.notices import views

app_name = "notices"

urlpatterns = [
    # The user's お知らせ (list, read, preferences).
    path("notices/", views.notice_list, name="list"),
    path("notices/<int:pk>/", views.notice_open, name="open"),
    path("notices/<int:pk>/read/", views.notice_read, name="read"),
    path("notices/read-all/", views.notices_read_all, name="read_all"),
    path("notices/bell/", views.notice_bell, name="bell"),
    path("notices/preferences/", views.notice_preferences, name="preferences"),
    # The admin's pages (chat webhooks, required kinds, the log of outgoing messages).
]
