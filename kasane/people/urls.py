from django.urls import path

from kasane.people import audit_views, household_views, restriction_views, views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/consents/", views.consent_create, name="consent_create"),
    path("people/<int:pk>/consents/refuse/", views.consent_refuse, name="consent_refuse"),
    path(
        "people/<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("people/<int:pk>/events/", views.person_event_create, name="person_event_create"),
    path(
        "people/<int:pk>/events/<int:event_pk>/cancel/",
        views.person_event_cancel,
        name="person_event_cancel",
    ),
    path("people/<int:pk>/restrict/", views.person_restrict, name="person_restrict"),
    path("people/<int:pk>/links/", views.person_link, name="person_link"),
    path("people/<int:pk>/links/<int:link_pk>/unlink/", views.person_unlink, name="person_unlink"),
    # The register of restricted people and their grants (admins and coordinators, issue 19).
    path("manage/restrictions/", restriction_views.restriction_list, name="restriction_list"),
    path(
        "manage/restrictions/<int:pk>/",
        restriction_views.restriction_detail,
        name="restriction_detail",
    ),
    path(
        "manage/restrictions/<int:pk>/propose/",
        restriction_views.restriction_propose,
        name="restriction_propose",
    ),
    path(
        "manage/restrictions/<int:pk>/lift/",
        restriction_views.restriction_lift,
        name="restriction_lift",
    ),
    path(
        "manage/restrictions/grants/<int:pk>/approve/",
        restriction_views.grant_approve,
        name="restriction_approve",
    ),
    path(
        "manage/restrictions/grants/<int:pk>/refuse/",
        restriction_views.grant_refuse,
        name="restriction_refuse",
    ),
    path(
        "manage/restrictions/grants/<int:pk>/revoke/",
        restriction_views.grant_revoke,
        name="restriction_revoke",
    ),
    path("audit/people/", audit_views.audit_person_pick, name="audit_person_pick"),
    path("audit/people/<int:pk>/", audit_views.audit_person_trail, name="audit_person_trail"),
    path("households/", household_views.household_list, name="household_list"),
    path("households/new/", household_views.household_create, name="household_create"),
    path("households/<int:pk>/", household_views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", household_views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/add/", household_views.member_add, name="member_add"),
    path(
        "households/<int:pk>/members/<int:member_pk>/",
        household_views.member_edit,
        name="member_edit",
    ),
]
