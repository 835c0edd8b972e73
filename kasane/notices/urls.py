from django.urls import path  # noqa: F401

app_name = "notices"

urlpatterns: list = [
    # The user's お知らせ (list, read, preferences).
    # The admin's pages (chat webhooks, required kinds, the log of outgoing messages).
]
