"""Printouts: a template rendered to A4 PDF pages with WeasyPrint, for every domain.

The page layout (A4, the Japanese font, a header naming what is printed, a confidentiality mark
and page numbers on every page) lives in `print/base.html` and `print/print.css`; a domain's
print view passes a `PrintFrame` that fills them. WeasyPrint embeds the subset of the font the
document uses, so the PDF reads the same on any machine.

WeasyPrint needs Pango and a Japanese font (`KASANE_PDF_FONT`, Noto Sans CJK JP by default) from
the system. Without the font it would draw every Japanese character as an empty box and still
answer 200: a city would file an unreadable 支援プラン. So printing checks once per process that
fontconfig finds the font and that it covers Japanese; when anything is missing the print views
answer 503 with what to install, and `manage.py check` warns (kasane.W001)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

SYSTEM_PACKAGES = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"
FONT_PACKAGE = "apt-get install -y fonts-noto-cjk"
PYTHON_PACKAGE = "pip install weasyprint"
# Characters every printout has; a font that lacks them would print empty boxes.
JAPANESE_SAMPLE = "重層的支援"


class PdfUnavailable(Exception):
    """WeasyPrint, the Pango library it draws text with, or a Japanese font is missing.
    `commands` say what to install."""

    def __init__(
        self, reason: str, *, commands: tuple[str, ...] = (SYSTEM_PACKAGES, PYTHON_PACKAGE)
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.commands = commands


@dataclass(frozen=True)
class PrintFrame:
    """What every page of a printout says around its content."""

    subject: str  # in the document title: （ケース番号 12）
    header: str  # top left of every page, before the form's name
    mark: str  # top right of every page: 個人情報・取扱注意, 非公開
    footer_mark: str  # boxed, bottom left, before who printed it and when


def _weasyprint() -> Any:
    try:
        return import_module("weasyprint")
    except (ImportError, OSError) as error:  # OSError: the Pango library could not be loaded
        raise PdfUnavailable(str(error)) from error


def _fontconfig() -> ctypes.CDLL:
    """The fontconfig library Pango finds fonts with (a dependency of Pango, so present
    wherever WeasyPrint runs), with the few functions the check needs."""
    library = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    pointer = ctypes.c_void_p
    library.FcPatternCreate.restype = pointer
    library.FcPatternAddString.argtypes = [pointer, ctypes.c_char_p, ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [pointer, pointer, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [pointer]
    library.FcFontMatch.restype = pointer
    library.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(ctypes.c_int)]
    library.FcPatternGetString.argtypes = [
        pointer,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    library.FcPatternGetCharSet.argtypes = [
        pointer,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(pointer),
    ]
    library.FcCharSetHasChar.argtypes = [pointer, ctypes.c_uint32]
    library.FcPatternDestroy.argtypes = [pointer]
    return library


def _families(fc: ctypes.CDLL, match: int) -> set[str]:
    """Every family name of the matched font (fontconfig lists several, e.g. localised)."""
    names: set[str] = set()
    value = ctypes.c_char_p()
    while fc.FcPatternGetString(match, b"family", len(names), ctypes.byref(value)) == 0:
        names.add((value.value or b"").decode("utf-8", "replace").casefold())
    return names


def _covers(fc: ctypes.CDLL, match: int, text: str) -> bool:
    charset = ctypes.c_void_p()
    if fc.FcPatternGetCharSet(match, b"charset", 0, ctypes.byref(charset)) != 0:
        return False
    return all(fc.FcCharSetHasChar(charset, ord(character)) for character in text)


def _match_font(family: str) -> tuple[set[str], bool]:
    """The families of the font fontconfig picks for `family`, and whether it covers the
    Japanese sample. Without the family fontconfig falls back to another font (DejaVu…)."""
    fc = _fontconfig()
    pattern = fc.FcPatternCreate()
    fc.FcPatternAddString(pattern, b"family", family.encode())
    fc.FcConfigSubstitute(None, pattern, 0)  # FcMatchPattern
    fc.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = fc.FcFontMatch(None, pattern, ctypes.byref(result))
    fc.FcPatternDestroy(pattern)
    if not match:
        return set(), False
    try:
        return _families(fc, match), _covers(fc, match, JAPANESE_SAMPLE)
    finally:
        fc.FcPatternDestroy(match)


@functools.cache
def japanese_font_problem(family: str) -> str | None:
    """Why `family` cannot print Japanese, or None when it can. Asked once per process and
    family: fonts are installed with the system, and a restart picks up a new one."""
    try:
        families, covers = _match_font(family)
    except OSError as error:  # no fontconfig library at all
        return f"fontconfig could not be loaded ({error})"
    if family.casefold() not in families:
        return f"the font {family!r} is not installed"
    if not covers:
        return f"the font {family!r} has no Japanese characters"
    return None


def font_family() -> str:
    return str(settings.KASANE_PDF_FONT)


def check_available() -> None:
    """Raise PdfUnavailable unless WeasyPrint, Pango and the Japanese font are all there."""
    _weasyprint()
    problem = japanese_font_problem(font_family())
    if problem is not None:
        raise PdfUnavailable(problem, commands=(FONT_PACKAGE,))


def unavailability() -> PdfUnavailable | None:
    """What keeps printouts from working on this machine, if anything (for checks and tests)."""
    try:
        check_available()
    except PdfUnavailable as error:
        return error
    return None


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"印刷では外部の資源を読み込みません: {url}")


def _url_fetcher(weasyprint: Any) -> Any:
    """A printout loads nothing from the network or the disk (LGWAN has no internet;
    DOMAIN.md §5): only data: URIs. WeasyPrint 70 takes a URLFetcher; older ones a function."""
    fetcher = getattr(weasyprint, "URLFetcher", None)
    return fetcher(allowed_protocols=("data",)) if fetcher else _no_fetch


def render_pdf(
    template_name: str, context: dict[str, Any], *, frame: PrintFrame, request: HttpRequest
) -> bytes:
    """The template as PDF bytes; raises PdfUnavailable when it would not print Japanese."""
    weasyprint = _weasyprint()
    check_available()
    context = {**context, "frame": frame, "pdf_font": font_family()}
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
    request: HttpRequest, error: PdfUnavailable, *, back_url: str, back_label: str
) -> HttpResponse:
    """503 with what to install: the printout is missing, not forbidden."""
    logger.error("PDF printouts are unavailable: %s", error.reason)
    context = {
        "commands": error.commands,
        "font": font_family(),
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "print/unavailable.html", context, status=503)
