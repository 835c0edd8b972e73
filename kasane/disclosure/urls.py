from django.urls import path

from kasane.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("audit/people/<int:pk>/export/", views.trail_export, name="trail_export"),
    path("audit/people/<int:pk>/disclosure.xlsx", views.disclosure_xlsx, name="xlsx"),
    path("audit/people/<int:pk>/disclosure.pdf", views.disclosure_pdf, name="pdf"),
]
