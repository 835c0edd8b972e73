"""Keyset pagination (`kasane.core.pagination`): pages by cursor, a total counted up to a cap.
The rows are areas made for the test (ties on 表示順, NULLs in 上位の地域)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kasane.core.pagination import (
    CappedCount,
    KeysetPage,
    capped_count,
    keyset_page,
    make_cursor,
)
from kasane.organizations.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas() -> list[Area]:
    """Eleven areas: 表示順 0, 0, 0, 1, 1, 1, …, so pages cut through ties; every third one
    under a parent, the others with none."""
    parent = Area.objects.create(name="親", kind=AreaKind.DISTRICT, code="T-P")
    made = []
    for number in range(11):
        made.append(
            Area.objects.create(
                name=f"テスト{number}",
                kind=AreaKind.TOWN,
                code=f"T-{number:02}",
                sort_order=number // 3,
                parent=parent if number % 3 == 0 else None,
            )
        )
    return made


def _test_areas():
    return Area.objects.filter(code__startswith="T-").exclude(code="T-P")


def _page(query: str = "", ordering=("-sort_order", "-pk"), per_page=4) -> KeysetPage:
    request = RequestFactory().get("/list/" + query)
    return keyset_page(request, _test_areas(), ordering, per_page=per_page)


def _walk(ordering, per_page=4) -> list[list[int]]:
    pages = [_page("", ordering, per_page)]
    while pages[-1].has_next:
        pages.append(_page(pages[-1].next_url, ordering, per_page))
    return [[area.pk for area in page] for page in pages]


def _expected(order_by, per_page=4) -> list[list[int]]:
    pks = list(_test_areas().order_by(*order_by).values_list("pk", flat=True))
    return [pks[i : i + per_page] for i in range(0, len(pks), per_page)]


def test_it_shows_the_first_page_without_a_cursor(areas):
    page = _page()
    assert len(page) == 4 and page.start == 1 and page.end == 4
    assert page.is_first and not page.has_previous and page.has_next
    assert page.count == CappedCount(11, False)


def test_it_walks_every_row_once_in_order_through_ties(areas):
    assert _walk(("-sort_order", "-pk")) == _expected(("-sort_order", "-pk"))
    assert _walk(("sort_order", "pk")) == _expected(("sort_order", "pk"))
    assert _walk(("sort_order", "-pk"), per_page=2) == _expected(("sort_order", "-pk"), 2)


def test_the_last_page_has_no_next_and_says_where_it_is(areas):
    second = _page(_page().next_url)
    last = _page(second.next_url)
    assert (second.start, second.end) == (5, 8)
    assert (last.start, last.end, len(last)) == (9, 11, 3)
    assert not last.has_next and last.has_previous and not last.is_first


def test_a_page_exactly_full_at_the_end_has_no_next(areas):
    areas[-1].delete()  # ten rows left: 4 + 4 + 2; with per_page 5, two full pages
    first = _page(per_page=5)
    last = _page(first.next_url, per_page=5)
    assert len(last) == 5 and not last.has_next


def test_previous_goes_back_to_the_same_rows(areas):
    first = _page()
    second = _page(first.next_url)
    third = _page(second.next_url)
    back = _page(third.previous_url)
    assert [a.pk for a in back] == [a.pk for a in second]
    assert (back.start, back.end) == (5, 8) and back.has_previous and back.has_next
    again = _page(back.previous_url)
    assert [a.pk for a in again] == [a.pk for a in first]
    assert again.is_first and not again.has_previous and again.start == 1


def test_nulls_come_last_both_ways(areas):
    ordering = ("parent_id", "-pk")
    walked = _walk(ordering, per_page=3)
    flat = [pk for page in walked for pk in page]
    with_parent = sorted((a.pk for a in areas if a.parent_id), reverse=True)
    without = sorted((a.pk for a in areas if not a.parent_id), reverse=True)
    assert flat == with_parent + without
    pages = [_page("", ordering, 3)]
    while pages[-1].has_next:
        pages.append(_page(pages[-1].next_url, ordering, 3))
    back = _page(pages[-1].previous_url, ordering, 3)
    assert [a.pk for a in back] == [a.pk for a in pages[-2]]
    assert [a.pk for a in _page(pages[2].previous_url, ordering, 3)] == walked[1]


@pytest.mark.parametrize(
    "query",
    [
        "?after=garbage",
        "?before=%00%ff",
        "?after=" + make_cursor([1], 0),  # one value where the order has two
        "?after=eyJ2IjpbMSwxXSwibiI6MH0:1abcde:forged",
        "?after=",
    ],
)
def test_a_bad_or_tampered_cursor_shows_the_first_page(areas, query):
    page = _page(query)
    assert page.is_first and page.start == 1
    assert [a.pk for a in page] == _expected(("-sort_order", "-pk"))[0]


def test_a_cursor_with_a_wrong_type_is_refused_by_its_signature(areas):
    token = make_cursor([1, 2], 0)
    forged = token.replace(token.split(":")[0], make_cursor(["x", 2], 0).split(":")[0])
    assert _page("?after=" + forged).is_first


def test_links_keep_the_filters_and_drop_old_cursors(areas):
    page = _page("?q=テスト&status=open&page=3")
    params = parse_qs(urlsplit(page.next_url).query)
    assert params["q"] == ["テスト"] and params["status"] == ["open"]
    assert "page" not in params and "after" in params
    second = _page(page.next_url)
    assert parse_qs(urlsplit(second.previous_url).query).keys() == {"q", "status", "before"}
    assert second.first_url == "?" + "q=%E3%83%86%E3%82%B9%E3%83%88&status=open"


def test_the_count_is_exact_below_the_cap_and_capped_above(areas):
    assert capped_count(_test_areas(), cap=20) == CappedCount(11, False)
    assert capped_count(_test_areas(), cap=11) == CappedCount(11, False)
    assert capped_count(_test_areas(), cap=10) == CappedCount(10, True)
    assert CappedCount(5000, True).label == "5,000件以上"
    assert CappedCount(1234, False).label == "1,234件"


def test_the_count_wraps_a_limit_and_the_rows_read_one_more(areas):
    with CaptureQueriesContext(connection) as queries:
        _page(_page().next_url)
    sql = [query["sql"].upper() for query in queries.captured_queries[-2:]]
    assert "COUNT(*)" in sql[0] and "LIMIT 5001" in sql[0]
    assert "LIMIT 5" in sql[1] and "OFFSET" not in sql[1]


def test_the_template_names_the_range_and_links_with_rel(areas, rf):
    from django.template.loader import render_to_string

    second = _page(_page().next_url)
    html = render_to_string("core/_keyset_pagination.html", {"page": second})
    assert 'aria-label="ページ送り"' in html and "5〜8件目" in html
    assert 'rel="prev"' in html and 'rel="next"' in html and "最初へ" in html
    first = _page()
    html = render_to_string("core/_keyset_pagination.html", {"page": first})
    assert "最初へ" not in html and 'rel="prev"' not in html and "1〜4件目" in html


def test_rows_shown_with_joins_are_ordered_by_id_first_then_read(areas):
    """A list shown with select_related orders only the ids (no join over every candidate
    row), then reads those rows with their joins: same rows, same order, no query per row."""
    ordering = ("-sort_order", "-pk")
    joined = _test_areas().select_related("parent")
    pages = [keyset_page(RequestFactory().get("/list/"), joined, ordering, per_page=4)]
    while pages[-1].has_next:
        request = RequestFactory().get("/list/" + pages[-1].next_url)
        pages.append(keyset_page(request, joined, ordering, per_page=4))
    assert [[area.pk for area in page] for page in pages] == _expected(ordering)
    with CaptureQueriesContext(connection) as queries:
        page = keyset_page(RequestFactory().get("/list/"), joined, ordering, per_page=4)
        parents = [area.parent for area in page]
    assert len(queries.captured_queries) == 3  # the capped count, the ids, the rows
    lean = queries.captured_queries[1]["sql"]
    assert "JOIN" not in lean.upper() and "ORDER BY" in lean.upper()
    assert any(parent is not None for parent in parents)
