from django.urls import path

from kasane.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.search, name="search"),
    path("audit/unusual/", views.unusual, name="unusual"),
]
