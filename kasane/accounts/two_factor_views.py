"""2段階認証 pages: the second step of a login, the user's own settings (enrol, backup codes,
remove) and the admin's reset on the user page."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts import two_factor_services as services
from kasane.accounts.forms import AppCodeForm, SecondStepForm
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.two_factor import (
    SecondFactor,
    backup_codes_left,
    enrolled_device,
    grouped,
    must_enrol,
    pending_device,
    qr_svg,
    secret_text,
    session_state,
)
from kasane.core.errors import DomainError


def _next_url(request: AuthenticatedHttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def login_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of a login (the password was right): a code from the app or a backup
    code. A session that owes nothing is sent on."""
    if session_state(request) is not SecondFactor.OWED:
        return redirect(_next_url(request))
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_step(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            django_otp.login(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = backup_codes_left(request.user)
                messages.warning(
                    request,
                    f"バックアップコードを使いました（残り{left}個）。"
                    "「2段階認証」で新しいバックアップコードを発行できます。",
                )
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/login_code.html", context, status=400 if form.errors else 200)


def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's 2段階認証: whether an app is enrolled, how many backup codes are left, and
    the actions; or, not enrolled, why and how to start."""
    return _render_two_factor(request, AppCodeForm(), SecondStepForm())


def _render_two_factor(
    request: AuthenticatedHttpRequest,
    code_form: AppCodeForm,
    remove_form: SecondStepForm,
    status: int = 200,
) -> HttpResponse:
    device = enrolled_device(request.user)
    context = {
        "device": device,
        "codes_left": backup_codes_left(request.user) if device else 0,
        "required": must_enrol(request.user),
        "held": session_state(request) is SecondFactor.ENROL,
        "code_form": code_form,
        "remove_form": remove_form,
    }
    return render(request, "accounts/two_factor.html", context, status=status)


def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an app: 「設定を始める」 makes a new secret; the page shows it as a QR code and
    as text; the first right code puts it in force and shows the backup codes, once."""
    if request.method == "POST" and "start" in request.POST:
        services.enrolment_start(user=request.user)
        return redirect("accounts:two_factor_setup")
    device = pending_device(request.user)
    if device is None:
        return redirect("accounts:two_factor")
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrolment_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            django_otp.login(request, device)  # this session has just shown the app's code
            return _show_codes(request, codes, enrolled=True)
    context = {
        "form": form,
        "qr": qr_svg(device),
        "secret": secret_text(device),
        "held": session_state(request) is SecondFactor.ENROL,
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor_setup.html", context, status=status)


def _show_codes(
    request: AuthenticatedHttpRequest, codes: list[str], enrolled: bool
) -> HttpResponse:
    """The backup codes, in the answer to the post that made them: never stored in the session
    or shown again."""
    context = {"codes": [grouped(code) for code in codes], "enrolled": enrolled}
    return render(request, "accounts/two_factor_codes.html", context)


@require_POST
def two_factor_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes, after a code from the app."""
    form = AppCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = services.backup_codes_regenerate(
                user=request.user, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            return _show_codes(request, codes, enrolled=False)
    return _render_two_factor(request, form, SecondStepForm(), status=400)


@require_POST
def two_factor_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user turns 2段階認証 off with a code (where it is not required)."""
    form = SecondStepForm(request.POST)
    if form.is_valid():
        try:
            services.second_factor_remove(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            messages.success(
                request, "2段階認証を解除しました。次回からパスワードだけでログインします。"
            )
            return redirect("accounts:two_factor")
    return _render_two_factor(request, AppCodeForm(), form, status=400)


@require_POST
def user_two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An admin resets a user's second factor (a lost phone): audited, the user signed out."""
    user = access.user_for_user_rw(request.user, pk)
    services.second_factor_reset(
        actor=request.user, user=user, keep=request.session.session_key or ""
    )
    messages.success(
        request,
        f"「{user.full_name}」の2段階認証をリセットし、すべての端末からログアウトさせました。"
        "次回のログインで設定し直してもらってください。",
    )
    return redirect("accounts:user_detail", pk=user.pk)
