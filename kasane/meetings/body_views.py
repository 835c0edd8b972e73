"""The register of meeting bodies (会議体の一覧): what each body is for, who sits on it, how
much time it takes, and where bodies overlap, so that the coordinator can merge or divide them
(Hatsukaichi). For coordinators; 404 for everyone else."""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.meetings import selectors, services
from kasane.meetings.body_forms import BodyForm
from kasane.meetings.models import MeetingBody, MeetingStatus


def _with_held(bodies: QuerySet[MeetingBody]) -> QuerySet[MeetingBody]:
    """`held`: the meetings of each body whose minutes were confirmed."""
    return bodies.annotate(
        held=Count("meetings", filter=Q(meetings__status=MeetingStatus.CONFIRMED))
    )


def body_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    bodies = list(_with_held(access.meeting_bodies_for_user(request.user)))
    context = {"bodies": bodies, "overlaps": selectors.overlaps(bodies)}
    return render(request, "meetings/body_list.html", context)


def body_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.meeting_bodies_for_user(request.user)  # 404 for everyone but coordinators, admins
    return _body_form(request, None)


def body_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _body_form(request, access.meeting_body_for_user_rw(request.user, pk))


def _body_form(request: AuthenticatedHttpRequest, body: MeetingBody | None) -> HttpResponse:
    # The heading keeps the stored name: a valid form writes its input onto the instance.
    name = body.name if body else ""
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        listed = reverse("meetings:body_list")
        # A new body is registered once however often the form is posted.
        once = submitted_once(request.user, form) if body is None else nullcontext(None)
        try:
            with once as submission:
                saved = services.body_save(
                    actor=request.user,
                    body=body,
                    members=list(data["members"]),
                    loaded_at=data.get("loaded_at", ""),  # a new body has no version
                    **{name: data[name] for name in services.BODY_FIELDS},
                )
                if submission is not None:
                    submission.url = listed
        except AlreadySubmitted as earlier:
            return earlier.response(request, listed)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            done = "登録しました" if body is None else "保存しました"
            messages.success(request, f"会議体「{saved.name}」を{done}。")
            return redirect(listed)
    return render(request, "meetings/body_form.html", {"form": form, "body": body, "name": name})
