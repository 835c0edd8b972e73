from django.urls import path

from kasane.retention import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.due_list, name="due"),
    path("retention/propose/", views.propose, name="propose"),
    path("retention/batches/", views.batch_list, name="batch_list"),
    path("retention/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("retention/batches/<int:pk>/approve/", views.batch_approve, name="batch_approve"),
    path("retention/batches/<int:pk>/return/", views.batch_return, name="batch_return"),
    path("retention/holds/", views.hold_list, name="hold_list"),
    path("retention/holds/new/", views.hold_create, name="hold_create"),
    path("retention/holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
]
