from django.urls import path

from kasane.notices import admin_views, views

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
    path("manage/notices/webhooks/", admin_views.webhook_list, name="webhook_list"),
    path("manage/notices/webhooks/new/", admin_views.webhook_create, name="webhook_create"),
    path("manage/notices/webhooks/<int:pk>/", admin_views.webhook_edit, name="webhook_edit"),
    path("manage/notices/webhooks/<int:pk>/test/", admin_views.webhook_test, name="webhook_test"),
    path("manage/notices/deliveries/", admin_views.delivery_list, name="delivery_list"),
    path(
        "manage/notices/deliveries/<int:pk>/retry/",
        admin_views.delivery_retry,
        name="delivery_retry",
    ),
    path("manage/notices/worker/", admin_views.worker_status, name="worker_status"),
    path("manage/notices/kinds/", admin_views.kind_settings, name="kind_settings"),
]
