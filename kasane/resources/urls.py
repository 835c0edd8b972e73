from django.urls import path

from kasane.resources import category_views, edit_views, exchange_views, print_views, views

app_name = "resources"

urlpatterns = [
    path("resources/", views.directory, name="directory"),
    path("resources/print/", print_views.list_print, name="print_list"),
    path("resources/check/", views.stale_list, name="stale"),
    path("resources/new/", edit_views.service_create, name="create"),
    path("resources/<int:pk>/", views.service_detail, name="detail"),
    path("resources/<int:pk>/print/", print_views.service_print, name="print"),
    path("resources/<int:pk>/edit/", edit_views.service_edit, name="edit"),
    path("resources/<int:pk>/check/", edit_views.service_check, name="check"),
    path("resources/<int:pk>/close/", edit_views.service_close, name="close"),
    path("resources/<int:pk>/reopen/", edit_views.service_reopen, name="reopen"),
    path("resources/<int:pk>/places/new/", edit_views.place_add, name="place_add"),
    path(
        "resources/<int:pk>/schedules/<int:schedule_pk>/remove/",
        edit_views.schedule_remove,
        name="schedule_remove",
    ),
    path("resources/organizations/", edit_views.organization_list, name="organizations"),
    path(
        "resources/organizations/new/", edit_views.organization_create, name="organization_create"
    ),
    path("resources/organizations/<int:pk>/", edit_views.organization_detail, name="organization"),
    path(
        "resources/organizations/<int:pk>/edit/",
        edit_views.organization_edit,
        name="organization_edit",
    ),
    path("resources/locations/<int:pk>/edit/", edit_views.location_edit, name="location_edit"),
    path("manage/resources/categories/", category_views.category_list, name="category_list"),
    path(
        "manage/resources/categories/new/", category_views.category_create, name="category_create"
    ),
    path(
        "manage/resources/categories/<int:pk>/",
        category_views.category_edit,
        name="category_edit",
    ),
]

# Export and import (issue 16, "Export and interoperability").
urlpatterns += [
    path("resources/export/hsds.json", exchange_views.export_hsds, name="export_hsds"),
    path("resources/export/resources.csv", exchange_views.export_csv, name="export_csv"),
    path("resources/export/resources.xlsx", exchange_views.export_xlsx, name="export_xlsx"),
    path("resources/import/", exchange_views.import_upload, name="import"),
    path("resources/import/confirm/", exchange_views.import_confirm, name="import_confirm"),
]
