from django.urls import include, path

from kasane.intake.urls import consultation_patterns, referral_patterns

urlpatterns = [
    path("", include("kasane.front.urls")),
    path("", include("kasane.accounts.urls")),
    path("", include("kasane.organizations.urls")),
    path("", include("kasane.people.urls")),
    path("", include("kasane.breakglass.urls")),
    path("", include(consultation_patterns)),
    path("", include(referral_patterns)),
    path("", include("kasane.cases.urls")),
    path("", include("kasane.outreach.urls")),
    path("", include("kasane.resources.urls")),
    path("", include("kasane.participation.urls")),
    path("", include("kasane.meetings.urls")),
    path("", include("kasane.community.urls")),
    path("", include("kasane.retention.urls")),
    path("", include("kasane.plan.urls")),
    path("", include("kasane.dashboard.urls")),
    path("", include("kasane.audit.urls")),
    path("", include("kasane.disclosure.urls")),
    path("", include("kasane.notices.urls")),
]
