from django.urls import path

from kasane.breakglass import views

app_name = "breakglass"
urlpatterns = [
    path("break-glass/", views.my_break_glass, name="mine"),
    path("break-glass/new/", views.request_break_glass, name="request"),
    path("break-glass/<int:pk>/", views.break_glass_detail, name="detail"),
    path("break-glass/<int:pk>/review/", views.break_glass_review, name="review"),
    path("audit/break-glass/", views.review_queue, name="queue"),
]
