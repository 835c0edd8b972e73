"""Server-side SVG genogram (ジェノグラム) for the household page.

Drawn in Python rather than in the browser so that it prints, needs no JavaScript and obeys the
Content-Security-Policy: presentation attributes only, never `style`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kasane.people.models import RELATION_GENERATION, Sex

CELL = 120  # width of one member's column
ROW = 130  # height of one generation's row
MARGIN = 24
R = 20  # half the size of a member's symbol
INK = "#1a1a1c"
PAPER = "#ffffff"
FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"
LEGEND_ITEM = 130

# Order inside a row, left to right: self and spouse end the 同居 block and _place mirrors the
# 別居 block, so close relatives stay side by side and their lines rarely cross anyone.
_RANK = {"father": 0, "mother": 1, "parent_in_law": 2}
_RANK |= {"non_relative": 0, "other_relative": 1, "sibling": 2, "self": 3, "spouse": 4}
_SEX = dict(Sex.choices)


@dataclass(frozen=True)
class GenogramMember:
    key: int  # person pk
    name: str
    sex: str  # "male" | "female" | "other" | "unknown"
    age: int | None  # None when the birth date is unknown
    relation: str  # a Relation code, seen from the key person
    relation_label: str  # e.g. 長男, 母, 本人
    is_key_person: bool
    is_main_carer: bool
    lives_together: bool
    is_deceased: bool


@dataclass(frozen=True)
class _Placed:
    member: GenogramMember
    x: int
    y: int


def render_genogram(members: list[GenogramMember], *, title: str) -> SafeString:
    if not members:
        message = "世帯員が登録されていません"
        return _svg(360, 64, title, message, [_text(MARGIN, MARGIN + 20, message, anchor="start")])
    rows = _rows(members)
    placed = _place(rows)
    legend_y = MARGIN + len(rows) * ROW
    right = max(max(p.x for p in placed) + CELL // 2, MARGIN + 3 * LEGEND_ITEM)
    body = [
        *_boundary(placed),
        _el("g", {"stroke": INK, "stroke-width": 1.5}, *_lines(members, placed)),
    ]
    body += [_member(p) for p in placed]
    body.append(_legend(legend_y))
    desc = "、".join(_describe(m) for m in members)
    return _svg(right + MARGIN, legend_y + 44 + MARGIN, title, desc, body)


def _rows(members: list[GenogramMember]) -> list[list[GenogramMember]]:
    """One row per generation present, oldest at the top."""
    generations = sorted({RELATION_GENERATION[m.relation] for m in members})
    return [
        _ordered([m for m in members if RELATION_GENERATION[m.relation] == g]) for g in generations
    ]


def _ordered(row: list[GenogramMember]) -> list[GenogramMember]:
    # There is no link from a child_spouse to a child, so the n-th of each make a couple.
    children = [m for m in row if m.relation == "child"]
    partners = [m for m in row if m.relation == "child_spouse"]
    if not partners:
        return sorted(row, key=lambda m: _RANK.get(m.relation, 0))  # stable: input order
    couples = [m for pair in zip(children, partners, strict=False) for m in pair]
    return couples + children[len(partners) :] + partners[len(children) :]


def _place(rows: list[list[GenogramMember]]) -> list[_Placed]:
    """同居 members share the left columns, centred per row; 別居 members sit right of every
    同居 column, mirrored, so one rectangle holds the whole household and no one else."""
    span = max(sum(m.lives_together for m in row) for row in rows)
    placed = []
    for r, row in enumerate(rows):
        together = [m for m in row if m.lives_together]
        apart = [m for m in row if not m.lives_together][::-1]
        halves = [span - len(together) + 2 * i + 1 for i in range(len(together))]
        halves += [2 * (span + i) + 1 for i in range(len(apart))]
        y = MARGIN + R + 10 + r * ROW
        members = together + apart
        placed += [
            _Placed(m, MARGIN + h * CELL // 2, y) for m, h in zip(members, halves, strict=True)
        ]
    return placed


def _lines(members: list[GenogramMember], placed: list[_Placed]) -> list[str]:
    at = {p.member.key: p for p in placed}

    def having(*relations: str) -> list[_Placed]:
        # In input order, so that children pair with partners exactly as in _ordered.
        return [at[m.key] for m in members if m.relation in relations]

    parents = having("father", "mother")[:2]
    us = having("self")[:1] + having("spouse")[:1]
    children, partners = having("child"), having("child_spouse")
    couples = [parents, us, *map(list, zip(children, partners, strict=False))]
    couples += [having("parent_in_law"), having("grandparent")]
    lines = [_line(a.x, a.y, b.x, b.y, "genogram-couple") for a, b in filter(_is_pair, couples)]
    lines += _descent(parents, having("self", "sibling"))
    lines += _descent(us, children)
    lines += _descent([*children[:1], *partners[:1]] if children else [], having("grandchild"))
    return lines


def _is_pair(people: list[_Placed]) -> bool:
    return len(people) == 2


def _descent(parents: list[_Placed], children: list[_Placed]) -> list[str]:
    """From the couple's midpoint (or a lone parent) down to a bar over the children."""
    if not children or (not parents and len(children) < 2):
        return []
    bar = children[0].y - R - 20
    xs = [c.x for c in children]
    lines = [_line(x, bar, x, children[0].y, "genogram-descent") for x in xs]
    if parents:
        mid = sum(p.x for p in parents) // len(parents)
        lines.append(_line(mid, parents[0].y, mid, bar, "genogram-descent"))
        xs.append(mid)
    if min(xs) < max(xs):
        lines.append(_line(min(xs), bar, max(xs), bar, "genogram-descent"))
    return lines


def _boundary(placed: list[_Placed]) -> list[str]:
    inside = [p for p in placed if p.member.lives_together]
    if not inside:
        return []
    left, top = min(p.x for p in inside) - CELL // 2 + 6, min(p.y for p in inside) - R - 10
    right, bottom = max(p.x for p in inside) + CELL // 2 - 6, max(p.y for p in inside) + R + 60
    box = {"x": left, "y": top, "width": right - left, "height": bottom - top, "rx": 14}
    paint = {"fill": "none", "stroke": INK, "stroke-width": 1.5, "stroke-dasharray": "6 4"}
    return [_el("rect", {"class": "genogram-household", **box, **paint})]


def _member(p: _Placed) -> str:
    m = p.member
    parts = [_el("title", {}, escape(_describe(m)))]
    if m.is_key_person:
        parts.append(_symbol(m.sex, p.x, p.y, R + 6, "genogram-key-outline"))
    parts.append(_symbol(m.sex, p.x, p.y, R, "genogram-symbol"))
    if m.is_deceased:
        parts.append(_cross(p.x, p.y, R + 4))
    parts += _labels(m, p.x, p.y + R + 20)
    attrs = {"class": "genogram-member", "data-person": m.key, "data-sex": m.sex}
    return _el("g", {**attrs, "data-relation": m.relation}, *parts)


def _symbol(sex: str, x: int, y: int, r: int, cls: str | None = None) -> str:
    paint = {"class": cls, "fill": PAPER, "stroke": INK, "stroke-width": 2}
    if sex == "male":
        return _el("rect", {"x": x - r, "y": y - r, "width": 2 * r, "height": 2 * r, **paint})
    if sex == "female":
        return _el("circle", {"cx": x, "cy": y, "r": r, **paint})
    d = r + r // 4  # a diamond looks smaller than a square of the same width
    return _el("polygon", {"points": f"{x},{y - d} {x + d},{y} {x},{y + d} {x - d},{y}", **paint})


def _cross(x: int, y: int, s: int) -> str:
    attrs = {"class": "genogram-deceased", "stroke": INK, "stroke-width": 2}
    return _el("g", attrs, _line(x - s, y - s, x + s, y + s), _line(x - s, y + s, x + s, y - s))


def _labels(m: GenogramMember, x: int, y: int) -> list[str]:
    relation = m.relation_label + (f"・{m.age}歳" if m.age is not None else "")
    relation += "（死亡）" if m.is_deceased else ""
    texts = [_text(x, y, m.name, size=13), _text(x, y + 16, relation)]
    if m.is_main_carer:
        texts.append(_text(x, y + 32, "主介護者", weight="bold"))
    # A white card under the labels hides a line to a lone parent's children running behind them.
    card = {"x": x - CELL // 2 + 8, "y": y - 14, "width": CELL - 16, "height": 16 * len(texts) + 2}
    return [_el("rect", {**card, "fill": PAPER}), *texts]


def _describe(m: GenogramMember) -> str:
    facts = [
        m.relation_label + ("・キーパーソン" if m.is_key_person else ""),
        _SEX.get(m.sex, "不明"),
    ]
    facts.append(f"{m.age}歳" if m.age is not None else "年齢不明")
    facts += ["死亡"] * m.is_deceased + ["主介護者"] * m.is_main_carer
    facts.append("同居" if m.lives_together else "別居")
    return f"{m.name}（{'、'.join(facts)}）"


def _legend(top: int) -> str:
    labels = ["男性", "女性", "その他・不明", "死亡", "キーパーソン", "点線＝同居世帯"]
    spots = [(MARGIN + 8 + LEGEND_ITEM * (i % 3), top + 10 + 24 * (i // 3)) for i in range(6)]
    (mx, my), (fx, fy), (ox, oy), (dx, dy), (kx, ky), (hx, hy) = spots
    dashed = {"stroke": INK, "stroke-width": 1.5, "stroke-dasharray": "3 2"}
    marks = [
        _symbol("male", mx, my, 7),
        _symbol("female", fx, fy, 7),
        _symbol("other", ox, oy, 7),
        _cross(dx, dy, 7),
        _symbol("female", kx, ky, 9) + _symbol("female", kx, ky, 5),
        _el("line", {"x1": hx - 8, "y1": hy, "x2": hx + 8, "y2": hy, **dashed}),
    ]
    texts = [
        _text(x + 14, y + 5, text, anchor="start")
        for (x, y), text in zip(spots, labels, strict=True)
    ]
    return _el("g", {"class": "genogram-legend"}, *marks, *texts)


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    attrs: dict[str, object] = {
        "xmlns": SVG_NS,
        "class": "genogram",
        "viewBox": f"0 0 {width} {height}",
    }
    attrs |= {"width": width, "height": height, "role": "img", "font-family": FONT}
    attrs["aria-labelledby"] = "genogram-title genogram-desc"
    head = [
        _el("title", {"id": "genogram-title"}, escape(title)),
        _el("desc", {"id": "genogram-desc"}, escape(desc)),
    ]
    # Safe: _el escapes every attribute value, and every text node is passed through escape().
    return mark_safe(_el("svg", attrs, *head, *body))  # noqa: S308


def _el(tag: str, attrs: dict[str, object], *children: str) -> str:
    """One element. Attribute values are escaped here; children must already be markup."""
    pairs = "".join(
        f' {name}="{escape(value)}"' for name, value in attrs.items() if value is not None
    )
    return f"<{tag}{pairs}>{''.join(children)}</{tag}>" if children else f"<{tag}{pairs}/>"


def _text(
    x: int, y: int, text: str, *, size: int = 12, anchor: str = "middle", weight: str | None = None
) -> str:
    attrs = {"x": x, "y": y, "font-size": size, "text-anchor": anchor, "font-weight": weight}
    return _el("text", {**attrs, "fill": INK}, escape(text))


def _line(x1: int, y1: int, x2: int, y2: int, cls: str | None = None) -> str:
    return _el("line", {"class": cls, "x1": x1, "y1": y1, "x2": x2, "y2": y2})
