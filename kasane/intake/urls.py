from django.urls import path

from kasane.intake import code_views, consultation_views, referral_views

consultation_patterns = (
    [
        path("consultations/", consultation_views.consultation_list, name="list"),
        path("consultations/new/", consultation_views.consultation_create, name="create"),
        path("consultations/<int:pk>/", consultation_views.consultation_detail, name="detail"),
        path("consultations/<int:pk>/edit/", consultation_views.consultation_edit, name="edit"),
        path(
            "consultations/<int:pk>/acknowledge/",
            consultation_views.consultation_acknowledge,
            name="acknowledge",
        ),
        path("issue-codes/", code_views.issue_code_list, name="issue_code_list"),
        path("issue-codes/new/", code_views.issue_code_create, name="issue_code_create"),
        path("issue-codes/<int:pk>/edit/", code_views.issue_code_edit, name="issue_code_edit"),
    ],
    "consultations",
)

referral_patterns = (
    [
        path("referrals/", referral_views.referral_list, name="list"),
        path("referrals/sent/", referral_views.sent_list, name="sent_list"),
        path("referrals/sheet/", referral_views.sheet_create, name="sheet_create"),
        path("referrals/<int:pk>/", referral_views.referral_detail, name="detail"),
        path(
            "referrals/<int:pk>/acknowledge/",
            referral_views.referral_acknowledge,
            name="acknowledge",
        ),
        path("referrals/<int:pk>/start/", referral_views.referral_start, name="start"),
        path("referrals/<int:pk>/complete/", referral_views.referral_complete, name="complete"),
        path("referrals/<int:pk>/return/", referral_views.referral_return, name="return"),
        path("referrals/<int:pk>/withdraw/", referral_views.referral_withdraw, name="withdraw"),
        path("referrals/<int:pk>/person/", referral_views.referral_link_person, name="link_person"),
    ],
    "referrals",
)
