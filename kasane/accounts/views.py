from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts import services
from kasane.accounts.forms import (
    LoginForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.accounts.selectors import active_sessions, locked_usernames
from kasane.accounts.two_factor import enrolled_device
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.pagination import paginate, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_own_password(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "パスワードを変更しました。")
        return redirect("front:home")
    return render(request, "accounts/password_change.html", {"form": form})


def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    users = access.users_for_admin(request.user)
    filters = read_filters(request, UserFilterForm)
    context: dict[str, object] = {**filters.context(), "query": query_without_page(request)}
    if (data := filters.values) is not None:
        if data.get("q"):
            users = users.filter(
                Q(username__icontains=data["q"]) | Q(full_name__icontains=data["q"])
            )
        if data.get("organization"):
            users = users.filter(organization=data["organization"])
        if data.get("role"):
            users = users.filter(role_assignments__role=data["role"])
        if data.get("active"):
            users = users.filter(is_active=data["active"] == "1")
        page = paginate(
            request, users.order_by("organization__kind", "organization__name", "username")
        )
        context["page"] = page
        context["locked"] = locked_usernames([user.username for user in page])
    template = "accounts/_user_table.html" if request.htmx else "accounts/user_list.html"
    return render(request, template, context)


def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                user = services.user_create(actor=request.user, **form.cleaned_data)
                submission.url = reverse("accounts:user_detail", args=[user.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("accounts:user_list"))
        except ValidationError as error:
            form.add_error("password", error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"利用者「{user.full_name}」を登録しました。")
            return redirect(submission.url)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


def _edit_initial(user: User) -> dict[str, object]:
    return {
        "full_name": user.full_name,
        "organization": user.organization,
        "roles": sorted(user.roles),
        "email": user.email,
        "is_active": user.is_active,
        "loaded_at": user.updated_at.isoformat(),
    }


def _render_detail(
    request: AuthenticatedHttpRequest,
    user: User,
    form: UserEditForm,
    password_form: PasswordResetForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "managed": user,
        "form": form,
        "password_form": password_form,
        "is_locked": bool(locked_usernames([user.username])),
        "session_count": active_sessions(user).count(),
        "two_factor": enrolled_device(user),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = access.user_for_user_rw(request.user, pk)
    form = UserEditForm(request.POST or None, initial=_edit_initial(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=user, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "利用者の情報を保存しました。")
            return redirect("accounts:user_detail", pk=user.pk)
    return _render_detail(request, user, form, PasswordResetForm())


@require_POST
def user_password_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = access.user_for_user_rw(request.user, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.user_reset_password(
                actor=request.user, user=user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(
                request, "パスワードを再設定しました。本人に安全な方法で伝えてください。"
            )
            return redirect("accounts:user_detail", pk=user.pk)
    form_edit = UserEditForm(initial=_edit_initial(user))
    return _render_detail(request, user, form_edit, form, status=400)


@require_POST
def user_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = access.user_for_user_rw(request.user, pk)
    services.user_unlock(actor=request.user, user=user)
    messages.success(request, f"「{user.full_name}」のロックを解除しました。")
    return redirect("accounts:user_detail", pk=user.pk)


def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ログイン中の端末: the user's own sessions; ending one, or all the others, signs that
    browser out at its next request."""
    current = request.session.session_key or ""
    if request.method == "POST":
        end = request.POST.get("end", "")
        ids = None if end == "others" else [int(end)] if end.isdigit() else []
        ended = services.sessions_end(actor=request.user, user=request.user, ids=ids, keep=current)
        messages.success(request, f"{ended}台の端末をログアウトさせました。")
        return redirect("accounts:sessions")
    sessions = active_sessions(request.user)
    return render(request, "accounts/sessions.html", {"sessions": sessions, "current": current})


@require_POST
def user_sessions_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An admin signs a user out everywhere (a lost device, a user who left)."""
    user = access.user_for_user_rw(request.user, pk)
    ended = services.sessions_end(
        actor=request.user, user=user, keep=request.session.session_key or ""
    )
    messages.success(request, f"「{user.full_name}」を{ended}台の端末からログアウトさせました。")
    return redirect("accounts:user_detail", pk=user.pk)
