"""Japanese conventions: 和暦, fiscal years, business days, kana and name keys.

Eras come from japanera, holidays from jpholiday and kana/width conversion from jaconv;
what is ours is the policy (which inputs we accept, what a name key ignores).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import jaconv
import jpholiday
from japanera import ERA_DATA_GENERAL, Era, EraDate

MODERN_ERA_NAMES = ("明治", "大正", "昭和", "平成", "令和")
ERA_INITIALS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
ERAS: dict[str, Era] = {era.kanji: era for era in ERA_DATA_GENERAL if era.kanji in MODERN_ERA_NAMES}


class DateInputError(ValueError):
    """Raised with a Japanese message that a form can show as it is."""


# --- 和暦 display ------------------------------------------------------------------------------


def wareki(value: dt.date | dt.datetime | None) -> str:
    """令和7年4月1日; the first year of an era is 元年 (令和元年5月1日)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _wareki_date(value)


@functools.lru_cache(maxsize=4096)
def _wareki_date(value: dt.date) -> str:
    """Cached: japanera takes ~50 µs a date, and a list page shows a hundred or more."""
    if value < ERAS["明治"].since:
        return f"{value.year}年{value.month}月{value.day}日"
    era_date = EraDate.from_date(value)
    year = era_date.strftime("%-Y")
    year = "元" if year == "1" else year
    return f"{era_date.era.kanji}{year}年{value.month}月{value.day}日"


def wareki_with_seireki(value: dt.date | None) -> str:
    """令和7年(2025年)4月1日, for birth dates where both are customary."""
    if value is None:
        return ""
    text = wareki(value)
    return text.replace("年", f"年({value.year}年)", 1)


# --- Date input ------------------------------------------------------------------------------

_SEP = r"\s*[./\-年月]\s*"
_WESTERN = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?$")
_WESTERN_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_JAPANESE = re.compile(
    rf"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(\d{{1,2}}|元){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?$"
)


def parse_date(text: str) -> dt.date:
    """Parse 西暦 (1970-03-02, 1970/3/2, 1970年3月2日, 19700302) or 和暦 (S45.3.2, 昭和45年3月2日,
    令和元年5月1日). Full-width digits are accepted. Dates outside their era are refused."""
    raw = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not raw:
        raise DateInputError("日付を入力してください。")
    match = _WESTERN.match(raw) or _WESTERN_COMPACT.match(raw)
    if match:
        return _build_date(*(int(part) for part in match.groups()))
    match = _JAPANESE.match(raw)
    if match:
        return _parse_japanese(*match.groups())
    raise DateInputError(
        "日付の形式が正しくありません。例: 令和7年4月1日、R7.4.1、2025-04-01、2025/4/1"
    )


def _parse_japanese(era_text: str, year_text: str, month: str, day: str) -> dt.date:
    era = ERAS[ERA_INITIALS.get(era_text, era_text)]
    relative_year = 1 if year_text == "元" else int(year_text)
    if relative_year < 1:
        raise DateInputError(f"{era.kanji}0年という年はありません。元年は1年です。")
    value = _build_date(era.relative_year_to_absolute_year(relative_year), int(month), int(day))
    if value not in era:
        last = era.until - dt.timedelta(days=1) if era.until else None
        raise DateInputError(
            f"{era.kanji}{relative_year}年{int(month)}月{int(day)}日は存在しません"
            f"（{era.kanji}は{wareki(era.since)}から{wareki(last) if last else ''}まで）。"
        )
    return value


def _build_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError(f"{year}年{month}月{day}日という日付はありません。") from None


# --- Fiscal year (April to March) -------------------------------------------------------------


def fiscal_year(value: dt.date) -> int:
    """The 年度 a date belongs to, as the western year it starts in (2025-03-31 → 2024)."""
    return value.year if value.month >= 4 else value.year - 1


def fiscal_year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_label(year: int) -> str:
    """令和7年度 for 2025."""
    return wareki(dt.date(year, 4, 1)).split("年")[0] + "年度"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative); the month's end when the day
    does not exist."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for number in range(day.day, 27, -1):
        try:
            return dt.date(year, month, number)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


# --- Business days ---------------------------------------------------------------------------


def is_business_day(value: dt.date) -> bool:
    """Weekdays that are not national holidays nor the 年末年始 closure (12/29–1/3), as the
    行政機関の休日に関する法律 defines a city office's days off."""
    if value.weekday() >= 5 or jpholiday.is_holiday(value):
        return False
    return not ((value.month == 12 and value.day >= 29) or (value.month == 1 and value.day <= 3))


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The business day `days` business days after `start` (start itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        count += is_business_day(current)
    return count


# --- Kana, width and name keys ---------------------------------------------------------------

_SPACES = re.compile(r"[\s\u3000・･.]+")
_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Variant kanji (異体字) that registries and hand-typed records use interchangeably for
# the same name. Map each variant to the form most people type.
ITAIJI = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "邉": "辺",
    "邊": "辺",
    "齋": "斎",
    "齊": "斎",
    "濵": "浜",
    "濱": "浜",
    "德": "徳",
    "澤": "沢",
    "嶋": "島",
    "嶌": "島",
    "廣": "広",
    "國": "国",
    "櫻": "桜",
    "龍": "竜",
    "眞": "真",
    "冨": "富",
    "彌": "弥",
    "惠": "恵",
    "瀨": "瀬",
    "壽": "寿",
    "實": "実",
    "藏": "蔵",
    "榮": "栄",
    "淺": "浅",
    "黑": "黒",
    "增": "増",
    "澁": "渋",
    "萬": "万",
    "舘": "館",
    "曾": "曽",
    "槇": "槙",
    "圓": "円",
    "鐵": "鉄",
    "會": "会",
    "學": "学",
    "關": "関",
    "條": "条",
    "傳": "伝",
    "驒": "騨",
    "靜": "静",
    "禮": "礼",
    "淵": "渕",
    "峯": "峰",
    "凛": "凜",
    "兒": "児",
    "豐": "豊",
    "靑": "青",
    "巖": "巌",
}
_ITAIJI_TABLE = str.maketrans(ITAIJI)


def to_katakana(text: str) -> str:
    """Full-width katakana for any kana input (ｶﾀｶﾅ, ひらがな, カタカナ), other text NFKC."""
    normal = unicodedata.normalize("NFKC", text or "")
    return jaconv.hira2kata(normal)


def normalize_width(text: str) -> str:
    """Full-width ASCII to half-width, half-width kana to full-width (NFKC)."""
    return unicodedata.normalize("NFKC", text or "")


def name_key(text: str) -> str:
    """The key two spellings of one name share: ignores 全角/半角, ひらがな/カタカナ, spaces,
    small kana (ッ/ツ) and common 異体字 (髙/高, 﨑/崎, 邉/邊/辺, 齋/齊/斎, 濵/浜, 德/徳...)."""
    key = to_katakana(text).casefold()
    key = _SPACES.sub("", key)
    return key.translate(_SMALL_KANA).translate(_ITAIJI_TABLE)


# --- Contact details ---------------------------------------------------------------------------

_HYPHENS = re.compile(r"[‐‑‒–—―−ー－\-]")


def digits_key(text: str) -> str:
    """The digits of a phone number, whatever the width or separators: 090-1234-5678 and
    ０９０（１２３４）５６７８ share 09012345678."""
    return re.sub(r"\D", "", normalize_width(text))


def postal_code(text: str) -> str:
    """Seven digits from 123-4567, 〒1234567 or １２３－４５６７; a Japanese message otherwise."""
    normal = normalize_width(text).strip().removeprefix("〒").strip()
    if not normal:
        return ""
    if not re.fullmatch(r"\d{3}-?\d{4}", _HYPHENS.sub("-", normal)):
        raise ValueError("郵便番号は「123-4567」のように7桁の数字で入力してください。")
    return digits_key(normal)


def address_key(text: str) -> str:
    """An address as search compares it: half-width digits, one kind of hyphen, no spaces,
    丁目・番地・番・号 written as hyphens (南町9丁目9番9号 = 南町9-9-9)."""
    key = _SPACES.sub("", normalize_width(text)).casefold()
    key = re.sub(r"(\d+)(?:丁目|番地|番|の)", r"\1-", key)
    key = re.sub(r"(\d+)号", r"\1", key)
    return _HYPHENS.sub("-", key).rstrip("-")


def phone_number(text: str) -> str:
    """A phone number as typed with digits and hyphens (or the area code in brackets:
    000(201)1234), any width (０９０－１２３４－５６７８ → 090-1234-5678); spaces are dropped. A
    Japanese message for anything else (letters)."""
    normal = _HYPHENS.sub("-", re.sub(r"\s", "", normalize_width(text)))
    if normal and not re.fullmatch(r"\(?[0-9]+\)?(?:[-(]?[0-9]+\)?)*", normal):
        raise ValueError("電話番号は数字とハイフンで入力してください（例: 090-1234-5678）。")
    return normal


_KANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fb ]*")


def furigana(text: str) -> str:
    """フリガナ in カタカナ from カタカナ or ひらがな (any width), spaces kept as one half-width
    space; a Japanese message for anything else (kanji, letters, digits)."""
    normal = " ".join(to_katakana(text).split())
    if not _KANA.fullmatch(normal):
        raise ValueError("フリガナはカタカナかひらがなで入力してください。")
    return normal
