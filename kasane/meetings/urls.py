from django.urls import path

from kasane.meetings import body_views, meeting_views, minutes_views, print_views, stats_views

app_name = "meetings"

urlpatterns = [
    # Meetings: list, scheduling, the meeting page, participants, pledges, agenda (meeting_views)
    path("meetings/", meeting_views.meeting_list, name="list"),
    path("meetings/new/", meeting_views.meeting_create, name="create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/participants/", meeting_views.participant_add, name="participant_add"),
    path(
        "meetings/<int:pk>/participants/<int:participant_pk>/remove/",
        meeting_views.participant_remove,
        name="participant_remove",
    ),
    path(
        "meetings/<int:pk>/participants/<int:participant_pk>/pledge/",
        meeting_views.pledge_record,
        name="pledge_record",
    ),
    path("meetings/<int:pk>/pledge/", meeting_views.pledge_sign, name="pledge_sign"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/cases/", meeting_views.agenda_cases, name="agenda_cases"),
    path(
        "meetings/<int:pk>/agenda/targets/",
        meeting_views.agenda_add_target,
        name="agenda_add_target",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        meeting_views.agenda_remove,
        name="agenda_remove",
    ),
    # An agenda item: the case summary and its minutes (minutes_views)
    path("meetings/<int:pk>/agenda/<int:item_pk>/", minutes_views.item_detail, name="item"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/minutes/",
        minutes_views.minutes_save,
        name="minutes_save",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/decisions/",
        minutes_views.decision_add,
        name="decision_add",
    ),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/remove/",
        minutes_views.decision_remove,
        name="decision_remove",
    ),
    path("meetings/<int:pk>/confirm/", minutes_views.minutes_confirm, name="confirm"),
    path("meetings/<int:pk>/print/", print_views.print_minutes, name="print"),
    # The register of meeting bodies (body_views) and the year's counts (stats_views)
    path("meetings/bodies/", body_views.body_list, name="body_list"),
    path("meetings/bodies/new/", body_views.body_create, name="body_create"),
    path("meetings/bodies/<int:pk>/edit/", body_views.body_edit, name="body_edit"),
    path("meetings/stats/", stats_views.meeting_stats, name="stats"),
]
