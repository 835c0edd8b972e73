from django.urls import path

from kasane.front import views

app_name = "front"
urlpatterns = [
    path("", views.home_page, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", views.health, name="health"),
]
