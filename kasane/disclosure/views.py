"""The auditor's reports on one person (issue 19): 「本人ごとの監査ログ」 as Excel, and the
disclosure export (開示請求への対応) as Excel and PDF. Auditors only (404 for everyone
else, `access.disclosure_person_for_user`); every export is itself audited."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.models import AuditEvent
from kasane.audit.selectors import audit_event_ids_for_person, audit_events_in_order
from kasane.audit.services import audit_standalone
from kasane.core import pdf, xlsx
from kasane.disclosure import excel
from kasane.disclosure.printing import printable_sections
from kasane.disclosure.selectors import REVIEW, Disclosure, disclosure_for
from kasane.people.models import Person

# The newest rows of a person's trail an export holds: a person with a longer history is
# exported by period through the audit search. 50,000 rows write in about 10 seconds.
TRAIL_EXPORT_LIMIT = 50_000
TRAIL_CHUNK = 1_000


def _made_by(request: AuthenticatedHttpRequest) -> str:
    user = request.user
    organization = user.organization.name if user.organization else ""
    now = timezone.localtime()
    return f"作成 {now:%Y-%m-%d %H:%M} {user.full_name}（{organization}）"


def _password_page(
    request: AuthenticatedHttpRequest, form: xlsx.ExportPasswordForm, person: Person, title: str
) -> HttpResponse:
    return xlsx.password_page(
        request,
        form,
        title=title,
        back_to=reverse("people:audit_person_trail", args=[person.pk]),
        back_label="本人ごとの監査ログに戻る",
    )


def _trail_events(request: AuthenticatedHttpRequest, ids: list[int]) -> Iterator[AuditEvent]:
    """The events of `ids` in their order, loaded a chunk at a time by primary key."""
    events = access.audit_events_for_user(request.user)
    for start in range(0, len(ids), TRAIL_CHUNK):
        yield from audit_events_in_order(events, ids[start : start + TRAIL_CHUNK])


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def trail_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every view, print, export and change of the person's records, newest first: who, from
    which organisation, when, what (the newest `TRAIL_EXPORT_LIMIT`), read from the person
    index like the page. A GET shows the password form; the file comes from its POST."""
    person = access.disclosure_person_for_user(request.user, pk)
    form = xlsx.export_password_form(request, personal=True)
    if not form.is_valid():
        return _password_page(request, form, person, "本人ごとの監査ログをExcelで出力")
    links = audit_event_ids_for_person(person.pk)
    total = links.count()
    ids = list(links[:TRAIL_EXPORT_LIMIT])
    content = excel.trail_workbook(
        person,
        _trail_events(request, ids),
        total=total,
        limit=TRAIL_EXPORT_LIMIT,
        made_by=_made_by(request),
    )
    audit_standalone(
        actor=request.user,
        action="audit.person_trail_export",
        target=person,
        details={"rows": len(ids), "total": total, **form.for_audit()},
    )
    return xlsx.xlsx_response(
        content,
        filename=f"audit-person-{person.pk}-{timezone.localdate():%Y%m%d}.xlsx",
        password=form.file_password,
    )


def _record_export(
    request: AuthenticatedHttpRequest,
    person: Person,
    disclosure: Disclosure,
    form: str,
    protected: dict[str, bool] | None = None,
) -> None:
    audit_standalone(
        actor=request.user,
        action="person.disclosure_export",
        target=person,
        details={
            "format": form,
            "rows": sum(len(section.rows) for section in disclosure.sections),
            "review": disclosure.review_count,
            **(protected or {}),
        },
    )


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def disclosure_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """All that Kasane holds about the person as a workbook (a GET shows the password form)."""
    person = access.disclosure_person_for_user(request.user, pk)
    form = xlsx.export_password_form(request, personal=True)
    if not form.is_valid():
        return _password_page(request, form, person, "保有個人情報の一覧をExcelで出力")
    disclosure = disclosure_for(person)
    content = excel.disclosure_workbook(disclosure, made_by=_made_by(request))
    _record_export(request, person, disclosure, "xlsx", form.for_audit())
    return xlsx.xlsx_response(
        content,
        filename=f"disclosure-{person.pk}-{timezone.localdate():%Y%m%d}.xlsx",
        password=form.file_password,
    )


def disclosure_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.disclosure_person_for_user(request.user, pk)
    disclosure = disclosure_for(person)
    context = {
        "person": person,
        "sections": printable_sections(disclosure),
        "review": REVIEW,
        "printed_at": disclosure.made_at,
        "printed_by": request.user,
    }
    frame = pdf.PrintFrame(
        subject=f"本人ID {person.pk}",
        header=f"開示請求への対応　{person.full_name}",
        mark="個人情報・開示前に要確認",
        footer_mark="取扱注意",
    )
    try:
        content = pdf.render_pdf("disclosure/print.html", context, frame=frame, request=request)
    except pdf.PdfUnavailable as error:
        return pdf.unavailable_response(
            request,
            error,
            back_url=reverse("people:audit_person_trail", args=[person.pk]),
            back_label="本人ごとの監査ログに戻る",
        )
    _record_export(request, person, disclosure, "pdf")
    return pdf.pdf_response(content, filename=f"disclosure-{person.pk}.pdf")
