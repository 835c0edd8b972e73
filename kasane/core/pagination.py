"""Pagination. Long lists page by keyset (`keyset_page`): the next page is "the rows after
this one in the list's order", read from an index however deep, and the total is counted only
up to `COUNT_CAP` (「5,000件以上」 beyond), so a page costs the same in a city of 10 million
audit rows as in the demo. Small admin lists keep page numbers (`paginate`).

A cursor is the boundary row's order values and its position in the list, signed, so that a
tampered or malformed one shows the first page instead of an error, and the position shown
(「51〜100件目」) is the one the server computed."""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest

COUNT_CAP = 5000
CURSOR_PARAMS = ("page", "after", "before")
_SALT = "kasane.core.pagination"


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> Page:
    """One page of a short list by page number; a number out of range shows the last page.
    For the small admin lists only (users, organisations): it counts every row."""
    paginator = Paginator(queryset, per_page or settings.KASANE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the links to other pages."""
    params = request.GET.copy()
    for name in CURSOR_PARAMS:
        params.pop(name, None)
    return params.urlencode()


@dataclass(frozen=True)
class CappedCount:
    """A total counted up to a cap: `label` says 「5,000件以上」 past it."""

    value: int
    is_capped: bool

    @property
    def or_more(self) -> str:
        """What follows the number and its unit: 「以上」 past the cap (「5,000回以上」)."""
        return "以上" if self.is_capped else ""

    @property
    def label(self) -> str:
        return f"{self.value:,}件{self.or_more}"

    def __bool__(self) -> bool:
        return self.value > 0

    def __str__(self) -> str:
        return self.label


def capped_count(queryset: QuerySet, cap: int | None = None) -> CappedCount:
    """Count at most `cap` + 1 rows (`SELECT COUNT(*) FROM (… LIMIT cap+1)`, `COUNT_CAP` by
    default): the database stops reading there, where an exact COUNT over a big table reads
    it all."""
    cap = COUNT_CAP if cap is None else cap
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return CappedCount(min(found, cap), found > cap)


# --- Keyset pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderKey:
    """One term of a list's order: a field or annotation name, descending or not. A key that
    may be NULL sorts its NULLs last in both directions, on every database, and the cursor
    conditions say so; a NOT NULL key keeps the plain order, so the database can walk an index
    declared on it (PostgreSQL does not match `DESC NULLS LAST` to a `DESC` index)."""

    name: str
    descending: bool
    nullable: bool = False

    def order_by(self, reverse: bool) -> OrderBy:
        term = F(self.name)
        descending = self.descending != reverse
        if not self.nullable:
            return term.desc() if descending else term.asc()
        # Walking backwards, the NULLs that came last come first.
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        return term.desc(**nulls) if descending else term.asc(**nulls)

    def _compare(self, value: Any, reverse: bool, strict: bool) -> Q:
        lookup = "lt" if self.descending != reverse else "gt"
        return Q(**{f"{self.name}__{lookup if strict else lookup + 'e'}": value})

    def beyond(self, value: Any, reverse: bool, strict: bool = True) -> Q | None:
        """Rows past `value` (or level with it, not `strict`) in the walking direction; None
        when no row can be."""
        null = Q(**{f"{self.name}__isnull": True})
        if value is None:
            # NULLs are last: only NULLs follow them; walking back, every non-NULL precedes.
            if reverse:
                return ~null if strict else None
            return None if strict else null
        past = self._compare(value, reverse, strict)
        return past | null if self.nullable and not reverse else past

    def same(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})


def _order_keys(queryset: QuerySet, ordering: Sequence[str]) -> list[OrderKey]:
    """The keys of `ordering`; an annotation counts as nullable (its type is not known)."""
    keys = []
    for term in ordering:
        name = term.removeprefix("-")
        if name in queryset.query.annotations:
            nullable = True
        else:
            model_field = queryset.model._meta.pk if name == "pk" else None
            model_field = model_field or queryset.model._meta.get_field(name)
            nullable = bool(getattr(model_field, "null", True))
        keys.append(OrderKey(name, term.startswith("-"), nullable))
    return keys


def _after(keys: Sequence[OrderKey], values: Sequence[Any], reverse: bool) -> Q:
    """The rows after (or, reversed, before) the boundary row: past it on the first key, or
    level on the first and past it on the second, and so on (the last key is unique). The
    first key's bound is repeated alone in front so that the database can start its index
    scan at the boundary instead of filtering every row before it."""
    branches = []
    level = Q()
    for key, value in zip(keys, values, strict=True):
        if (past := key.beyond(value, reverse)) is not None:
            branches.append(level & past)
        level &= key.same(value)
    if not branches:
        return Q(pk__in=[])
    condition = reduce(operator.or_, branches)
    bound = keys[0].beyond(values[0], reverse, strict=False)
    return condition if bound is None else bound & condition


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"dec": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        (tag, text), *_ = value.items()
        if tag == "dt":
            return dt.datetime.fromisoformat(text)
        if tag == "d":
            return dt.date.fromisoformat(text)
        return decimal.Decimal(text)
    return value


def make_cursor(values: Sequence[Any], position: int) -> str:
    """An opaque, signed, URL-safe token for a boundary row (`position` counts from 0)."""
    # No timestamp (unlike signing.dumps): the same row gives the same link.
    return signing.Signer(salt=_SALT).sign_object(
        {"v": [_encode(v) for v in values], "n": position}
    )


def read_cursor(token: str | None, size: int) -> tuple[list[Any], int] | None:
    """The values and position of a cursor; None for a missing, tampered or malformed one."""
    if not token:
        return None
    try:
        data = signing.Signer(salt=_SALT).unsign_object(token)
        values = [_decode(v) for v in data["v"]]
        position = int(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, decimal.InvalidOperation):
        return None
    if len(values) != size or position < 0:
        return None
    return values, position


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list: iterate it for the rows."""

    object_list: list[Any]
    count: CappedCount
    start: int  # position of the first row, counting from 1 (0 when the page is empty)
    next_cursor: str | None = None
    previous_cursor: str | None = None
    query: str = ""
    is_first: bool = True

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def end(self) -> int:
        return self.start + len(self.object_list) - 1 if self.object_list else 0

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous or not self.is_first

    def _url(self, param: str = "", cursor: str | None = None) -> str:
        parts = [self.query] if self.query else []
        if param and cursor:
            parts.append(f"{param}={cursor}")
        return "?" + "&".join(parts)

    @property
    def first_url(self) -> str:
        return self._url()

    @property
    def next_url(self) -> str:
        return self._url("after", self.next_cursor)

    @property
    def previous_url(self) -> str:
        return self._url("before", self.previous_cursor)

    @property
    def for_audit(self) -> dict[str, int]:
        """What the audit row records of the page: where it starts and how many it showed."""
        return {"position": self.start, "shown": len(self.object_list)}


def keyset_page(
    request: HttpRequest,
    queryset: QuerySet,
    ordering: Sequence[str],
    per_page: int | None = None,
    cap: int | None = None,
) -> KeysetPage:
    """The page of `queryset` that `?after=` or `?before=` points at (the first page without
    one), in `ordering`: field or annotation names, "-" for descending, the last one unique
    (usually "pk" or "-pk"). Reads `per_page` + 1 rows to know whether another page follows,
    and a total counted up to `cap`."""
    per_page = per_page or settings.KASANE_PAGE_SIZE
    keys = _order_keys(queryset, ordering)
    after = read_cursor(request.GET.get("after"), len(keys))
    before = None if after else read_cursor(request.GET.get("before"), len(keys))
    count = capped_count(queryset, cap)
    query = query_without_page(request)
    if before is not None:
        return _page_before(queryset, keys, before, per_page, count, query)
    return _page_after(queryset, keys, after, per_page, count, query)


def _rows(queryset: QuerySet, keys: list[OrderKey], reverse: bool, limit: int) -> list[Any]:
    ordered = queryset.order_by(*(key.order_by(reverse) for key in keys))
    if not queryset.query.select_related or getattr(queryset, "_fields", None) is not None:
        return list(ordered[:limit])
    # Order the ids without the joins the rows are shown with, then read only those rows:
    # otherwise PostgreSQL may join every candidate row (e.g. each open referral's
    # consultation, over all consultations) before it sorts and keeps `limit` of them.
    ids = list(ordered.select_related(None).values_list("pk", flat=True)[:limit])
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def _values(row: Any, keys: list[OrderKey]) -> list[Any]:
    """The boundary row's order values: a model instance's attributes or a `values()` dict's."""
    if isinstance(row, dict):
        return [row[key.name] for key in keys]
    return [getattr(row, key.name) for key in keys]


def _page_after(
    queryset: QuerySet,
    keys: list[OrderKey],
    cursor: tuple[list[Any], int] | None,
    per_page: int,
    count: CappedCount,
    query: str,
) -> KeysetPage:
    start = 0
    if cursor is not None:
        values, start = cursor
        queryset = queryset.filter(_after(keys, values, reverse=False))
    rows = _rows(queryset, keys, reverse=False, limit=per_page + 1)
    shown = rows[:per_page]
    page = KeysetPage(shown, count, start + 1 if shown else 0, query=query, is_first=not cursor)
    if len(rows) > per_page:
        page.next_cursor = make_cursor(_values(shown[-1], keys), start + per_page)
    if cursor is not None and shown:
        page.previous_cursor = make_cursor(_values(shown[0], keys), start)
    return page


def _page_before(
    queryset: QuerySet,
    keys: list[OrderKey],
    cursor: tuple[list[Any], int],
    per_page: int,
    count: CappedCount,
    query: str,
) -> KeysetPage:
    values, end = cursor  # `end` is the position of the boundary row, after this page
    rows = _rows(queryset.filter(_after(keys, values, reverse=True)), keys, True, per_page + 1)
    if not rows:  # the boundary row is now the first one: show the first page
        return _page_after(queryset, keys, None, per_page, count, query)
    shown = list(reversed(rows[:per_page]))
    more_before = len(rows) > per_page
    # Without more rows before, this is the first page, whatever the cursor said.
    start = max(end - len(shown), 0) if more_before else 0
    page = KeysetPage(shown, count, start + 1, query=query, is_first=not more_before)
    page.next_cursor = make_cursor(_values(shown[-1], keys), start + len(shown))
    if more_before:
        page.previous_cursor = make_cursor(_values(shown[0], keys), start)
    return page
