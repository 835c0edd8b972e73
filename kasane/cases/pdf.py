"""Printouts: a template rendered to A4 PDF pages with WeasyPrint.

The page layout (A4, Japanese fonts, the case number and 「個人情報・取扱注意」 on every page,
page numbers) lives in `cases/print/base_print.html`; WeasyPrint embeds the subset of the fonts
the document uses, so the PDF reads the same on any machine. WeasyPrint needs Pango and the
Noto CJK fonts from the system: when they are missing, the print views answer with a page that
says what to install instead of failing."""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

SYSTEM_PACKAGES = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"
PYTHON_PACKAGE = "pip install weasyprint"


class PdfUnavailable(Exception):
    """WeasyPrint, or the Pango library it draws text with, is not installed."""


def _weasyprint() -> Any:
    try:
        return import_module("weasyprint")
    except (ImportError, OSError) as error:  # OSError: the Pango library could not be loaded
        raise PdfUnavailable(str(error)) from error


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"印刷では外部の資源を読み込みません: {url}")


def _url_fetcher(weasyprint: Any) -> Any:
    """A printout loads nothing from the network or the disk (LGWAN has no internet;
    DOMAIN.md §5): only data: URIs. WeasyPrint 70 takes a URLFetcher; older ones a function."""
    fetcher = getattr(weasyprint, "URLFetcher", None)
    return fetcher(allowed_protocols=("data",)) if fetcher else _no_fetch


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest) -> bytes:
    """The template as PDF bytes; raises PdfUnavailable when WeasyPrint cannot run."""
    weasyprint = _weasyprint()
    html = render_to_string(template_name, context, request=request)
    document = weasyprint.HTML(string=html, base_url="/", url_fetcher=_url_fetcher(weasyprint))
    return document.write_pdf()


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # inline: the browser shows it; the file name is ASCII so every browser keeps it.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def unavailable_response(
    request: HttpRequest, error: PdfUnavailable, *, back_url: str
) -> HttpResponse:
    """503 with what to install: the printout is missing, not forbidden."""
    logger.error("PDF printouts are unavailable: %s", error)
    context = {
        "system_packages": SYSTEM_PACKAGES,
        "python_package": PYTHON_PACKAGE,
        "back_url": back_url,
    }
    return render(request, "cases/print/unavailable.html", context, status=503)
