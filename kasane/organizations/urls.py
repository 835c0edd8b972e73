from django.urls import path

from kasane.organizations import views

app_name = "organizations"
urlpatterns = [
    path("manage/organizations/", views.organization_list, name="organization_list"),
    path("manage/organizations/new/", views.organization_create, name="organization_create"),
    path("manage/organizations/<int:pk>/", views.organization_edit, name="organization_edit"),
    path("manage/areas/", views.area_list, name="area_list"),
    path("manage/areas/new/", views.area_create, name="area_create"),
    path("manage/areas/<int:pk>/", views.area_edit, name="area_edit"),
]
