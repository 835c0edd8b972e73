"""The user's お知らせ: the list, reading, the header's count, and how to be told."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.middleware import quiet
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError
from kasane.core.pagination import keyset_page
from kasane.notices import selectors, services
from kasane.notices.preference_forms import PreferencesForm

NOTICE_ORDER = ("-created_at", "-pk")


def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = access.notices_for_user(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    page = keyset_page(request, notices.select_related("actor"), NOTICE_ORDER)
    rows = selectors.notice_rows(request.user, page.object_list)
    audit_standalone(
        actor=request.user,
        action="notice.list",
        details={"unread_only": unread_only, **page.for_audit},
        people=[row.record.main_person_id for row in rows if row.is_case],
    )
    context = {"page": page, "rows": rows, "unread_only": unread_only}
    return render(request, "notices/notice_list.html", context)


def notice_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notice: it is read, and the record opens if the reader may still open it.
    A GET that changes state, knowingly: it only marks the reader's own notice as read."""
    notice = access.notice_for_user_rw(request.user, pk)
    services.notice_read(actor=request.user, notice=notice)
    row = selectors.notice_rows(request.user, [notice])[0]
    if row.url:
        return redirect(row.url)
    if notice.target_type:
        messages.info(request, "このお知らせの記録は閲覧できなくなりました。")
    return redirect("notices:list")


@require_POST
def notice_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = access.notice_for_user_rw(request.user, pk)
    services.notice_read(actor=request.user, notice=notice)
    if request.htmx:
        row = selectors.notice_rows(request.user, [notice])[0]
        return render(request, "notices/_notice_row.html", {"row": row, "oob_bell": True})
    return redirect("notices:list")


@require_POST
def notices_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.notices_for_user(request.user)
    count = services.notices_read_all(actor=request.user)
    messages.success(
        request,
        f"{count}件のお知らせを既読にしました。" if count else "未読のお知らせはありません。",
    )
    return redirect("notices:list")


@quiet
def notice_bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's link with the unread count, polled by htmx: it does not keep an idle
    session alive, and once the session has ended the poll takes the page to the login."""
    access.notices_for_user(request.user)
    return render(request, "notices/_bell.html")


def notice_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.notices_for_user(request.user)
    required = services.required_kinds()
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_preferences_save(actor=request.user, modes=form.modes())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "お知らせの受け取り方を保存しました。")
            return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form})
