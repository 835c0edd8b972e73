"""Breadcrumbs: the stylesheet puts 「›」 after each link, so a template writes links only; a
separator typed between them showed as 「会議 › ＞ 12月 重層的支援会議 ›」 (issue 13, small
things)."""

from __future__ import annotations

import re
from pathlib import Path

import kasane

TEMPLATES = Path(kasane.__file__).parent / "templates"
BREADCRUMB = re.compile(r'<p class="breadcrumb[^"]*">(.*?)</p>', re.S)


def _between_links(breadcrumb: str) -> str:
    text = re.sub(r"<a\b.*?</a>", "", breadcrumb, flags=re.S)
    text = re.sub(r"{%.*?%}", "", text)
    return text.strip()


def test_breadcrumbs_hold_links_and_nothing_between_them() -> None:
    found = {}
    for template in TEMPLATES.rglob("*.html"):
        for breadcrumb in BREADCRUMB.findall(template.read_text()):
            found[str(template.relative_to(TEMPLATES))] = _between_links(breadcrumb)
    assert len(found) > 10
    assert {name: text for name, text in found.items() if text} == {}
