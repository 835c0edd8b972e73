import datetime as dt

import pytest

from kasane.core.japanese import (
    DateInputError,
    add_business_days,
    business_days_between,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_range,
    is_business_day,
    name_key,
    normalize_width,
    parse_date,
    to_katakana,
    wareki,
    wareki_with_seireki,
)
from kasane.core.templatetags.wareki import duration


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2025, 4, 1), "令和7年4月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1970, 3, 2), "昭和45年3月2日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
    ],
)
def test_it_displays_wareki(value: dt.date, expected: str) -> None:
    assert wareki(value) == expected


def test_it_displays_wareki_for_datetimes_and_none() -> None:
    assert wareki(dt.datetime(2025, 4, 1, 9, 30)) == "令和7年4月1日"
    assert wareki(None) == ""
    assert wareki_with_seireki(dt.date(1943, 5, 10)) == "昭和18年(1943年)5月10日"


@pytest.mark.parametrize(
    "text",
    [
        "S45.3.2",
        "s45.3.2",
        "昭和45年3月2日",
        "昭和45.03.02",
        "1970-03-02",
        "1970/3/2",
        "1970年3月2日",
        "19700302",
        "Ｓ４５．３．２",
        "１９７０／３／２",
        " 昭和 45年 3月 2日 ",
    ],
)
def test_it_parses_western_and_japanese_dates(text: str) -> None:
    assert parse_date(text) == dt.date(1970, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R1.5.1", dt.date(2019, 5, 1)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("T1.7.30", dt.date(1912, 7, 30)),
        ("M45.7.29", dt.date(1912, 7, 29)),
    ],
)
def test_it_parses_era_boundaries(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("令和0年1月1日", "令和0年という年はありません"),
        ("平成32年1月1日", "平成32年1月1日は存在しません"),
        ("平成31年5月1日", "平成31年5月1日は存在しません"),
        ("昭和64年1月8日", "昭和64年1月8日は存在しません"),
        ("令和元年4月30日", "存在しません"),
        ("2025-02-30", "2025年2月30日という日付はありません"),
        ("昨日", "日付の形式が正しくありません"),
        ("", "日付を入力してください"),
    ],
)
def test_it_refuses_impossible_dates_in_japanese(text: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("value", "year"),
    [(dt.date(2025, 3, 31), 2024), (dt.date(2025, 4, 1), 2025), (dt.date(2026, 1, 15), 2025)],
)
def test_it_finds_the_fiscal_year(value: dt.date, year: int) -> None:
    assert fiscal_year(value) == year


def test_it_gives_fiscal_year_range_and_label() -> None:
    assert fiscal_year_range(2025) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert fiscal_year_label(2025) == "令和7年度"
    assert fiscal_year_label(2019) == "平成31年度"


def test_it_skips_weekends_holidays_and_new_year_closure() -> None:
    assert is_business_day(dt.date(2026, 11, 24))  # Tuesday
    assert not is_business_day(dt.date(2026, 11, 23))  # 勤労感謝の日
    assert not is_business_day(dt.date(2026, 11, 22))  # Sunday
    assert not is_business_day(dt.date(2026, 12, 29))
    assert not is_business_day(dt.date(2027, 1, 3))
    assert is_business_day(dt.date(2027, 1, 4))


def test_it_counts_business_days() -> None:
    # Friday 2026-11-20 + 2 business days: Mon 23 is a holiday, so Tue 24 and Wed 25.
    assert add_business_days(dt.date(2026, 11, 20), 2) == dt.date(2026, 11, 25)
    assert business_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 25)) == 2
    assert business_days_between(dt.date(2026, 11, 25), dt.date(2026, 11, 20)) == 0
    # Over the new year closure: 12/28 (Mon) + 1 → 1/4.
    assert add_business_days(dt.date(2026, 12, 28), 1) == dt.date(2027, 1, 4)


def test_it_normalises_kana_and_width() -> None:
    assert to_katakana("たかはし みさき") == "タカハシ ミサキ"
    assert to_katakana("ﾀｶﾊｼ") == "タカハシ"
    assert normalize_width("ＡＢＣ１２３") == "ABC123"
    assert normalize_width("ｽｽﾞｷ") == "スズキ"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("髙橋 美咲", "高橋美咲"),
        ("たかはし　みさき", "ﾀｶﾊｼﾐｻｷ"),
        ("タカハシ・ミサキ", "たかはしみさき"),
        ("山﨑", "山崎"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("濵田", "浜田"),
        ("德永", "徳永"),
        ("キョウコ", "キヨウコ"),
        ("ＳＡＴＯ", "sato"),
    ],
)
def test_it_gives_two_spellings_of_one_name_the_same_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_it_keeps_different_names_apart() -> None:
    assert name_key("高橋") != name_key("高槁")
    assert name_key("すずき") != name_key("すすき")


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(30, "30分"), (60, "1時間"), (90, "1時間30分"), (0, "0分")],
)
def test_it_says_a_duration_in_hours_and_minutes(minutes: int, expected: str) -> None:
    assert duration(dt.timedelta(minutes=minutes)) == expected
