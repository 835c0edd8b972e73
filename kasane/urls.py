from django.urls import include, path

urlpatterns = [
    path("", include("kasane.core.urls")),
    path("", include("kasane.accounts.urls")),
    path("", include("kasane.organizations.urls")),
    path("", include("kasane.people.urls")),
    path("", include("kasane.audit.urls")),
]
