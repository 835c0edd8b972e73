"""The household genogram: parsed as XML and checked for what a social worker reads from it."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.utils.safestring import SafeString

from kasane.people.genogram import GenogramMember, render_genogram

SVG = "{http://www.w3.org/2000/svg}"


def person(key: int, name: str, sex: str, age: int | None, relation: str, label: str, **flags):
    defaults = {"is_key_person": False, "is_main_carer": False, "lives_together": True}
    return GenogramMember(
        key=key,
        name=name,
        sex=sex,
        age=age,
        relation=relation,
        relation_label=label,
        **{**defaults, "is_deceased": False, **flags},
    )


@pytest.fixture
def suzuki() -> list[GenogramMember]:
    return [
        person(1, "鈴木 ハナ", "female", 83, "self", "本人", is_key_person=True),
        person(2, "鈴木 一郎", "male", 55, "child", "長男"),
    ]


@pytest.fixture
def tanaka() -> list[GenogramMember]:
    return [
        person(
            11, "田中 由美", "female", 45, "self", "本人", is_key_person=True, is_main_carer=True
        ),
        person(12, "田中 トシ", "female", 78, "mother", "母"),
        person(13, "田中 陽斗", "male", 12, "child", "長男"),
    ]


@pytest.fixture
def yamamoto() -> list[GenogramMember]:
    """Three generations, a deceased father and a sister who lives elsewhere."""
    return [
        person(21, "山本 健", "male", 48, "self", "本人", is_key_person=True),
        person(22, "山本 恵", "female", 46, "spouse", "妻", is_main_carer=True),
        person(23, "山本 昭", "male", 80, "father", "父", is_deceased=True, lives_together=False),
        person(24, "山本 キヨ", "female", 78, "mother", "母"),
        person(25, "山本 翔", "male", 18, "child", "長男"),
        person(26, "山本 結衣", "female", 15, "child", "長女"),
        person(27, "佐藤 真理", "female", 50, "sibling", "姉", lives_together=False),
    ]


def parse(members: list[GenogramMember], title: str = "世帯のジェノグラム") -> ElementTree.Element:
    return ElementTree.fromstring(render_genogram(members, title=title))


def group(root: ElementTree.Element, key: int) -> ElementTree.Element:
    found = root.find(f".//{SVG}g[@data-person='{key}']")
    assert found is not None, key
    return found


def symbol(root: ElementTree.Element, key: int) -> ElementTree.Element:
    found = group(root, key).find("*[@class='genogram-symbol']")
    assert found is not None, key
    return found


def centre(root: ElementTree.Element, key: int) -> tuple[float, float]:
    shape = symbol(root, key)
    if shape.tag == f"{SVG}circle":
        return float(shape.get("cx")), float(shape.get("cy"))
    if shape.tag == f"{SVG}rect":
        x, y = float(shape.get("x")), float(shape.get("y"))
        return x + float(shape.get("width")) / 2, y + float(shape.get("height")) / 2
    points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def texts(element: ElementTree.Element) -> str:
    return " ".join(t.text or "" for t in element.iter(f"{SVG}text"))


def test_it_draws_a_man_as_a_square_and_a_woman_as_a_circle(suzuki):
    root = parse(suzuki)
    assert symbol(root, 1).tag == f"{SVG}circle"
    assert symbol(root, 2).tag == f"{SVG}rect"
    assert group(root, 2).get("data-sex") == "male"


def test_it_draws_other_and_unknown_as_a_diamond():
    root = parse(
        [
            person(1, "A", "other", 30, "self", "本人"),
            person(2, "B", "unknown", None, "sibling", "兄弟姉妹"),
        ]
    )
    assert symbol(root, 1).tag == f"{SVG}polygon"
    assert symbol(root, 2).tag == f"{SVG}polygon"
    assert "兄弟姉妹" in texts(group(root, 2))


def test_it_crosses_out_a_deceased_member(yamamoto):
    root = parse(yamamoto)
    father = group(root, 23)
    cross = father.find("*[@class='genogram-deceased']")
    assert cross is not None
    assert len(cross.findall(f"{SVG}line")) == 2
    assert "父・80歳（死亡）" in texts(father)
    assert group(root, 24).find("*[@class='genogram-deceased']") is None


def test_it_gives_only_the_key_person_a_double_outline(yamamoto):
    root = parse(yamamoto)
    outline = group(root, 21).find("*[@class='genogram-key-outline']")
    assert outline is not None
    assert outline.tag == symbol(root, 21).tag
    assert float(outline.get("width")) > float(symbol(root, 21).get("width"))
    assert root.findall(".//*[@class='genogram-key-outline']") == [outline]
    assert "キーパーソン" in texts(root.find(f"{SVG}g[@class='genogram-legend']"))


def test_it_marks_the_main_carer(tanaka):
    root = parse(tanaka)
    assert "主介護者" in texts(group(root, 11))
    assert "主介護者" not in texts(group(root, 12))


def test_it_puts_older_generations_higher(yamamoto):
    root = parse(yamamoto)
    father_y, self_y, child_y = (centre(root, key)[1] for key in (23, 21, 25))
    assert father_y < self_y < child_y
    assert centre(root, 24)[1] == father_y
    assert centre(root, 27)[1] == centre(root, 22)[1] == self_y


def test_it_gives_rows_only_to_generations_present():
    root = parse(
        [
            person(1, "祖母", "female", 90, "grandparent", "祖母"),
            person(2, "本人", "male", 40, "self", "本人"),
            person(3, "孫", "female", 2, "grandchild", "孫"),
        ]
    )
    ys = [centre(root, key)[1] for key in (1, 2, 3)]
    assert ys[0] < ys[1] < ys[2]
    assert ys[1] - ys[0] == ys[2] - ys[1]


def boundary_holds(root: ElementTree.Element, key: int) -> bool:
    box = root.find(f"{SVG}rect[@class='genogram-household']")
    left, top = float(box.get("x")), float(box.get("y"))
    x, y = centre(root, key)
    return left < x < left + float(box.get("width")) and top < y < top + float(box.get("height"))


def test_it_draws_the_household_boundary_around_exactly_those_living_together(yamamoto):
    root = parse(yamamoto)
    assert root.find(f"{SVG}rect[@class='genogram-household']").get("stroke-dasharray")
    for member in yamamoto:
        assert boundary_holds(root, member.key) == member.lives_together, member.name


def test_it_keeps_the_boundary_exact_when_a_middle_generation_lives_apart():
    members = [
        person(1, "祖父", "male", 95, "grandparent", "祖父"),
        person(2, "父", "male", 70, "father", "父", lives_together=False),
        person(3, "母", "female", 68, "mother", "母", lives_together=False),
        person(4, "本人", "female", 40, "self", "本人"),
        person(5, "弟", "male", 35, "sibling", "弟", lives_together=False),
        person(6, "長女", "female", 10, "child", "長女"),
    ]
    root = parse(members)
    for member in members:
        assert boundary_holds(root, member.key) == member.lives_together, member.name


def test_it_draws_no_boundary_when_nobody_lives_together():
    root = parse([person(1, "本人", "male", 40, "self", "本人", lives_together=False)])
    assert root.find(f"{SVG}rect[@class='genogram-household']") is None


def couple_lines(root: ElementTree.Element) -> set[tuple[float, ...]]:
    lines = root.iter(f"{SVG}line")
    coords = ("x1", "y1", "x2", "y2")
    return {
        tuple(float(ln.get(c)) for c in coords)
        for ln in lines
        if ln.get("class") == "genogram-couple"
    }


def test_it_joins_couples_and_hangs_children_from_them(yamamoto):
    root = parse(yamamoto)
    couples = couple_lines(root)
    for a, b in [(21, 22), (23, 24)]:
        assert (*centre(root, a), *centre(root, b)) in couples or (
            *centre(root, b),
            *centre(root, a),
        ) in couples
    middle = (centre(root, 21)[0] + centre(root, 22)[0]) // 2
    drops = [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "genogram-descent"]
    assert any(ln.get("x1") == ln.get("x2") == str(int(middle)) for ln in drops)


def test_it_places_a_childs_spouse_beside_the_child_and_the_grandchild_below():
    root = parse(
        [
            person(1, "本人", "female", 75, "self", "本人"),
            person(2, "長男", "male", 50, "child", "長男"),
            person(3, "長男の妻", "female", 48, "child_spouse", "長男の妻"),
            person(4, "孫", "male", 20, "grandchild", "孫"),
        ]
    )
    son, wife = centre(root, 2), centre(root, 3)
    assert abs(son[0] - wife[0]) == 120
    assert (*son, *wife) in couple_lines(root)
    assert centre(root, 4)[1] > son[1]


def test_it_escapes_names_and_title():
    evil = "<script>alert(1)</script>"
    svg = render_genogram([person(1, evil, "male", 40, "self", 'x"y&z')], title="A&B <b>")
    assert "<script>" not in svg
    root = ElementTree.fromstring(svg)
    assert evil in texts(group(root, 1))
    assert root.find(f"{SVG}title").text == "A&B <b>"
    assert evil in root.find(f"{SVG}desc").text


def test_it_describes_every_member_in_words(suzuki):
    root = parse(suzuki, title="鈴木家のジェノグラム")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "genogram-title genogram-desc"
    assert root.find(f"{SVG}title[@id='genogram-title']").text == "鈴木家のジェノグラム"
    assert root.find(f"{SVG}desc[@id='genogram-desc']").text == (
        "鈴木 ハナ（本人・キーパーソン、女性、83歳、同居）、鈴木 一郎（長男、男性、55歳、同居）"
    )
    assert group(root, 2).find(f"{SVG}title").text.startswith("鈴木 一郎（長男")


def test_it_uses_no_inline_styles_and_readable_print_settings(yamamoto):
    svg = render_genogram(yamamoto, title="山本家")
    root = ElementTree.fromstring(svg)
    assert "style" not in svg
    assert all("style" not in element.attrib for element in root.iter())
    assert "Noto Sans CJK JP" in root.get("font-family")
    assert all(int(t.get("font-size")) >= 12 for t in root.iter(f"{SVG}text"))


def test_it_sizes_the_view_box_to_the_content(yamamoto):
    root = parse(yamamoto)
    _, _, width, height = map(float, root.get("viewBox").split())
    assert (root.get("width"), root.get("height")) == (str(int(width)), str(int(height)))
    for member in yamamoto:
        x, y = centre(root, member.key)
        assert 0 < x < width and 0 < y < height


def test_it_is_deterministic(yamamoto):
    first = render_genogram(yamamoto, title="山本家")
    assert isinstance(first, SafeString)
    assert render_genogram(list(yamamoto), title="山本家") == first


def test_it_says_so_when_there_are_no_members():
    svg = render_genogram([], title="空の世帯")
    root = ElementTree.fromstring(svg)
    assert "世帯員が登録されていません" in texts(root)
    assert root.find(f"{SVG}title").text == "空の世帯"
    assert root.find(f".//{SVG}g[@class='genogram-member']") is None
