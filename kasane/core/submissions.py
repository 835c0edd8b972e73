"""One record per create form, however often it is posted.

A create form carries a one-time key (`SubmittedOnce`, a hidden `submission_key` made when the
page is shown). The view saves inside `submitted_once(user, form)`, which claims the key in the
same transaction as the record: a second post of the same form — a double click, five taps at
once, a resend — finds the key taken (the unique constraint decides the race) and raises
`AlreadySubmitted` with the page of what the first post created. A refused save (a domain
rule, a stale version) rolls the claim back with the record, so the corrected form saves.
`SubmittedOnceMiddleware` answers a repeated post before the view runs, so that it is not
refused by the rules the first post now makes true (a name already taken, a member already
in the household).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from kasane.core.models import Submission

SUBMISSION_FIELD = "submission_key"
NO_KEY = (
    "この画面から送られた内容を確かめられませんでした。入力はまだ保存されていません。"
    "画面を開き直してから、もう一度入力してください。"
)
SUBMITTED_BEFORE = "この内容は既に保存されています。二重には保存していません。"


class SubmittedOnce(forms.BaseForm):
    """A create form: carries its one-time key. A post without one is refused (a client
    must not switch the protection off by leaving the field out)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.creates():
            return
        self.fields[SUBMISSION_FIELD] = forms.UUIDField(
            widget=forms.HiddenInput,
            error_messages={"required": NO_KEY, "invalid": NO_KEY},
        )
        if not self.is_bound:
            self.initial[SUBMISSION_FIELD] = uuid.uuid4()

    def creates(self) -> bool:
        """Whether this form creates a record (a model form on a saved record edits it)."""
        instance = getattr(self, "instance", None)
        return instance is None or instance.pk is None

    def full_clean(self) -> None:
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and SUBMISSION_FIELD in errors:
            del errors[SUBMISSION_FIELD]  # a hidden field: said once, at the top of the form
            self.add_error(None, NO_KEY)


class AlreadySubmitted(Exception):
    """The form was posted before: `url` is the page of what that post created."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url

    def response(self, request: HttpRequest, fallback: str) -> HttpResponse:
        """Say so and show what the first post created (or `fallback`, while it is saving)."""
        messages.info(request, SUBMITTED_BEFORE)
        return redirect(self.url or fallback)


@contextmanager
def submitted_once(user: Any, form: forms.BaseForm) -> Iterator[Submission]:
    """Claim the form's key, then run the block that creates the record, in one transaction.
    Set `url` on the yielded claim to the created record's page."""
    key = form.cleaned_data.pop(SUBMISSION_FIELD)  # the rest is what the service takes
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = Submission.objects.create(user=user, key=key)
        except IntegrityError:
            earlier = Submission.objects.filter(user=user, key=key).first()
            raise AlreadySubmitted(earlier.url if earlier else "") from None
        yield claim
        if claim.url:
            claim.save(update_fields=["url"])


def _keys(request: HttpRequest) -> list[uuid.UUID]:
    keys = []
    for name in request.POST:
        if name == SUBMISSION_FIELD or name.endswith(f"-{SUBMISSION_FIELD}"):
            try:
                keys.append(uuid.UUID(str(request.POST.get(name))))
            except ValueError:
                continue  # the form says so
    return keys


class SubmittedOnceMiddleware:
    """A post carrying a key its user already saved with goes to what that post created."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *_args: object) -> HttpResponse | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        keys = _keys(request)
        if not keys:
            return None
        earlier = Submission.objects.filter(user=request.user, key__in=keys).exclude(url="").first()
        return AlreadySubmitted(earlier.url).response(request, "/") if earlier else None
