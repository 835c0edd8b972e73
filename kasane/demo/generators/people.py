"""Fictitious residents of デモ市 for the demo and for measuring search at city scale.

Everything is drawn from one seeded `random.Random`, so a seed always gives the same people.
Names follow Japan's heavy-tailed distribution (佐藤 about 1.7%, a long tail of rarer names,
異体字 such as 髙橋 and 渡邉 at small rates), birth years follow the 2025 age pyramid, and
given names follow the fashion of the birth year. Addresses are in デモ市's 町丁目 and postal
codes start with 000, which Japan Post does not use. Mobile numbers have the real 090/080/070
form, so a few may belong to real people: never dial them.

This is bulk data, not a user's action: no audit rows are written. Each person gets the key
columns and name index rows that `person_create` derives, from the same `person_keys` and
`name_grams`. On PostgreSQL rows go in with COPY; a large run drops the secondary indexes and
foreign keys of the person and name index tables first and rebuilds them after (see
`_FastIndexes`).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import importlib
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.core.japanese import name_key, to_katakana
from kasane.demo import city
from kasane.demo.guard import refuse_in_production
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people.keys import name_grams, person_keys
from kasane.people.models import (
    Household,
    HouseholdMember,
    HouseholdTag,
    NameGram,
    Person,
    Relation,
    Sex,
)

FIRST_YEAR, LAST_YEAR = 1925, 2025
# A run this large on PostgreSQL rebuilds the indexes once instead of row by row.
FAST_INDEX_THRESHOLD = 200_000

# --- Names ------------------------------------------------------------------------------------

# The most common surnames, most common first (after 明治安田生命 / 名字由来net rankings).
SURNAMES = """
佐藤 さとう 鈴木 すずき 高橋 たかはし 田中 たなか 伊藤 いとう 渡辺 わたなべ 山本 やまもと
中村 なかむら 小林 こばやし 加藤 かとう 吉田 よしだ 山田 やまだ 佐々木 ささき 山口 やまぐち
松本 まつもと 井上 いのうえ 木村 きむら 林 はやし 斎藤 さいとう 清水 しみず 山崎 やまざき
森 もり 池田 いけだ 橋本 はしもと 阿部 あべ 石川 いしかわ 山下 やました 中島 なかじま
石井 いしい 小川 おがわ 前田 まえだ 岡田 おかだ 長谷川 はせがわ 藤田 ふじた 後藤 ごとう
近藤 こんどう 村上 むらかみ 遠藤 えんどう 青木 あおき 坂本 さかもと 斉藤 さいとう 福田 ふくだ
太田 おおた 西村 にしむら 藤井 ふじい 金子 かねこ 岡本 おかもと 藤原 ふじわら 中野 なかの
三浦 みうら 原田 はらだ 中川 なかがわ 松田 まつだ 竹内 たけうち 小野 おの 田村 たむら
中山 なかやま 和田 わだ 石田 いしだ 森田 もりた 上田 うえだ 原 はら 内田 うちだ 柴田 しばた
酒井 さかい 宮崎 みやざき 横山 よこやま 高木 たかぎ 安藤 あんどう 宮本 みやもと 大野 おおの
小島 こじま 谷口 たにぐち 今井 いまい 工藤 くどう 高田 たかだ 増田 ますだ 丸山 まるやま
杉山 すぎやま 村田 むらた 大塚 おおつか 新井 あらい 小山 こやま 平野 ひらの 藤本 ふじもと
河野 こうの 上野 うえの 野口 のぐち 武田 たけだ 松井 まつい 千葉 ちば 岩崎 いわさき
菅原 すがわら 木下 きのした 久保 くぼ 佐野 さの 野村 のむら 松尾 まつお 市川 いちかわ
菊地 きくち 杉本 すぎもと 古川 ふるかわ 大西 おおにし 島田 しまだ 水野 みずの 桜井 さくらい
高野 たかの 渡部 わたなべ 吉川 よしかわ 山内 やまうち 西田 にしだ 飯田 いいだ 菊池 きくち
西川 にしかわ 小松 こまつ 北村 きたむら 安田 やすだ 五十嵐 いがらし 川口 かわぐち
平田 ひらた 関 せき 中田 なかた 久保田 くぼた 東 ひがし 服部 はっとり 川崎 かわさき
岩田 いわた 土屋 つちや 福島 ふくしま 本田 ほんだ 辻 つじ 樋口 ひぐち 秋山 あきやま
田口 たぐち 永井 ながい 山中 やまなか 中西 なかにし 吉村 よしむら 川上 かわかみ
石原 いしはら 大橋 おおはし 松岡 まつおか 馬場 ばば 浅野 あさの 荒木 あらき 大久保 おおくぼ
野田 のだ 小沢 おざわ 田辺 たなべ 川村 かわむら 星野 ほしの 黒田 くろだ 堀 ほり 尾崎 おざき
望月 もちづき 永田 ながた 熊谷 くまがい 内藤 ないとう 松村 まつむら 西山 にしやま
大谷 おおたに 平井 ひらい 大島 おおしま 岩本 いわもと 片山 かたやま 本間 ほんま
早川 はやかわ 横田 よこた 岡崎 おかざき 荒井 あらい 大石 おおいし 鎌田 かまた 成田 なりた
宮田 みやた 小田 おだ 石橋 いしばし 篠原 しのはら 須藤 すどう 河合 かわい 大川 おおかわ
高山 たかやま 吉岡 よしおか 松下 まつした 中井 なかい 小池 こいけ 宮下 みやした
"""
# Real but rare surnames, each about 1 person in 10,000.
RARE_SURNAMES = """
薬袋 みない 舎人 とねり 十河 そごう 勅使河原 てしがわら 五月女 そうとめ 小鳥遊 たかなし
御手洗 みたらい 百目鬼 どうめき 東海林 しょうじ 四十万 しじま
"""
RARE_SHARE = 0.0001
# 異体字 spellings, as a share of the surname's bearers. Search finds them under the usual form.
VARIANTS = {
    "高橋": {"髙橋": 0.06},
    "斎藤": {"齋藤": 0.2, "齊藤": 0.08},
    "渡辺": {"渡邉": 0.08, "渡邊": 0.06},
    "山崎": {"山﨑": 0.05},
    "宮崎": {"宮﨑": 0.04},
    "中島": {"中嶋": 0.06},
    "島田": {"嶋田": 0.05},
    "小沢": {"小澤": 0.25},
}
# The long tail: two-character surnames put together from common parts (some real, some not).
TAIL_FIRST = """
大 おお 小 こ 中 なか 北 きた 南 みなみ 西 にし 東 ひがし 上 かみ 下 しも 石 いし 岩 いわ
松 まつ 杉 すぎ 竹 たけ 梅 うめ 桜 さくら 森 もり 林 はやし 川 かわ 山 やま 野 の 原 はら
宮 みや 高 たか 長 なが 広 ひろ 青 あお 白 しら 黒 くろ 赤 あか 金 かね 岡 おか 今 いま 古 ふる
新 にい 浅 あさ 深 ふか 坂 さか 池 いけ 米 よね 秋 あき 春 はる 菊 きく 藤 ふじ 柳 やなぎ 戸 と
"""
TAIL_SECOND = """
田 だ 野 の 川 かわ 山 やま 本 もと 村 むら 井 い 島 じま 沢 さわ 谷 たに 原 はら 口 ぐち
木 き 崎 ざき 部 べ 尾 お 橋 はし 岡 おか 瀬 せ 江 え 内 うち 塚 づか 浦 うら 池 いけ 森 もり
宮 みや 倉 くら 城 しろ 間 ま 添 ぞえ
"""
SATO_SHARE = 0.017

# Given names by sex and birth-year fashion: before 1955, 1955–84, 1985–2004, 2005 on.
ERA_STARTS = (1955, 1985, 2005)
GIVEN_NAMES = {
    Sex.MALE: (
        """清 きよし 茂 しげる 勇 いさむ 博 ひろし 実 みのる 進 すすむ 正 ただし 武 たけし
        弘 ひろし 昭 あきら 勝 まさる 修 おさむ 三郎 さぶろう 正夫 まさお 一郎 いちろう
        和夫 かずお 幸雄 ゆきお 義男 よしお 健二 けんじ 豊 ゆたか""",
        """誠 まこと 浩 ひろし 健一 けんいち 直樹 なおき 哲也 てつや 剛 つよし 大輔 だいすけ
        和也 かずや 秀樹 ひでき 達也 たつや 明 あきら 聡 さとし 浩二 こうじ 隆之 たかゆき
        克也 かつや 雅之 まさゆき 英樹 ひでき 拓也 たくや 智 さとし 隆 たかし""",
        """翔太 しょうた 拓海 たくみ 健太 けんた 大樹 だいき 翔 しょう 雄太 ゆうた 亮 りょう
        直人 なおと 優太 ゆうた 大輝 だいき 悠斗 ゆうと 海斗 かいと 涼 りょう 翼 つばさ
        駿 しゅん 健人 けんと 隼人 はやと 和真 かずま 拓真 たくま 航 わたる""",
        """蓮 れん 陽翔 はると 湊 みなと 蒼 あおい 樹 いつき 大和 やまと 悠真 ゆうま 陽太 ひなた
        朝陽 あさひ 颯太 そうた 律 りつ 碧 あおい 悠人 ゆうと 陸 りく 奏太 かなた 結翔 ゆいと
        蒼空 そら 新 あらた 暖 だん 颯 はやて""",
    ),
    Sex.FEMALE: (
        """和子 かずこ 幸子 さちこ 節子 せつこ 洋子 ようこ 京子 きょうこ 久子 ひさこ
        美代子 みよこ 文子 ふみこ 千代 ちよ ハル はる トメ とめ キヨ きよ 照子 てるこ
        正子 まさこ 恵子 けいこ 弘子 ひろこ 信子 のぶこ 富子 とみこ 道子 みちこ 貴子 たかこ""",
        """裕子 ゆうこ 真由美 まゆみ 由美子 ゆみこ 久美子 くみこ 直美 なおみ 陽子 ようこ
        智子 ともこ 明美 あけみ 美穂 みほ 恵美 えみ 香織 かおり 理恵 りえ 純子 じゅんこ
        典子 のりこ さとみ さとみ 由紀 ゆき 美香 みか 紀子 のりこ 孝子 たかこ 恵 めぐみ""",
        """美咲 みさき 彩 あや 愛 あい 沙織 さおり 麻衣 まい 舞 まい 遥 はるか 優花 ゆうか
        葵 あおい 七海 ななみ 千尋 ちひろ 萌 もえ 彩香 あやか 菜々子 ななこ 真由 まゆ
        杏奈 あんな 明日香 あすか 由佳 ゆか 奈緒 なお 茜 あかね""",
        """陽葵 ひまり 結菜 ゆいな 凛 りん 芽依 めい 結衣 ゆい 紬 つむぎ さくら さくら
        咲良 さくら 杏 あん 澪 みお 心春 こはる 美桜 みお 莉子 りこ 花 はな 結愛 ゆあ
        陽菜 ひな 彩葉 いろは 楓 かえで 詩 うた 芽衣 めい""",
    ),
}
ERA_LOYALTY = 0.85  # the rest take a name from any era

# Residents of foreign nationality (about 2.5% in Japan), written as in the 住民票: family
# names, male and female given names ("王/ワン", or カタカナ alone when that is the name).
FOREIGN_SHARE = 0.02
FOREIGN = (
    (
        "中国",
        "中国語",
        "王/ワン 李/リ 張/チョウ 劉/リュウ 陳/チン",
        "偉/ウェイ 明/ミン",
        "静/ジン 芳/ファン",
    ),
    ("ベトナム", "ベトナム語", "グエン チャン レ ファム", "ズン ミン", "ラン フオン"),
    ("韓国", "韓国語", "金/キム 朴/パク 崔/チェ", "民俊/ミンジュン 成浩/ソンホ", "智英/ジヨン"),
    (
        "フィリピン",
        "タガログ語",
        "サントス クルス レイエス",
        "マーク ジョン",
        "マリア アンジェリカ",
    ),
    (
        "ブラジル",
        "ポルトガル語",
        "シルバ ソウザ オリベイラ",
        "ルーカス ガブリエル",
        "アナ ジュリア",
    ),
)

# Population by birth year in 2025 (millions per five-year cohort, after the census).
COHORTS = (
    (1925, 0.35), (1930, 1.5), (1935, 3.5), (1940, 5.6), (1945, 8.3), (1950, 8.5),
    (1955, 7.6), (1960, 7.4), (1965, 8.2), (1970, 9.7), (1975, 9.4), (1980, 8.0),
    (1985, 7.3), (1990, 6.6), (1995, 6.3), (2000, 6.0), (2005, 5.5), (2010, 5.3),
    (2015, 4.9), (2020, 4.3),
)  # fmt: skip

BUILDINGS = ("コーポ桜", "ハイツ旭", "メゾン緑", "グラン港", "デモ荘", "レジデンス山手")
MOBILE_PREFIXES = ("090", "080", "070")


def _pairs(text: str) -> list[tuple[str, str]]:
    """'佐藤 さとう 鈴木 すずき' → [('佐藤', 'サトウ'), ('鈴木', 'スズキ')] (kana in カタカナ)."""
    words = text.split()
    return [(words[i], to_katakana(words[i + 1])) for i in range(0, len(words), 2)]


def _foreign_names(text: str) -> tuple[tuple[str, str], ...]:
    """'王/ワン グエン' → (('王', 'ワン'), ('グエン', 'グエン'))."""
    return tuple((word.split("/")[0], word.split("/")[-1]) for word in text.split())


@dataclass(frozen=True)
class WeightedTable:
    items: tuple[Any, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weighted: list[tuple[Any, float]]) -> WeightedTable:
        items = tuple(item for item, _ in weighted)
        return cls(items, tuple(itertools.accumulate(weight for _, weight in weighted)))

    def draw(self, rng: random.Random) -> Any:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


def _surname_table() -> WeightedTable:
    """Zipf-like shares for the common names (rank ** -0.5, as in Japan's top few hundred),
    scaled so that 佐藤 gets SATO_SHARE; the rest goes to the rare names and to the tail, whose
    most common names come just below the last common one."""
    common = _pairs(SURNAMES)
    rank_weights = [rank**-0.5 for rank in range(1, len(common) + 1)]
    scale = SATO_SHARE / rank_weights[0]
    weighted: list[tuple[tuple[str, str], float]] = []
    for (name, kana), weight in zip(common, rank_weights, strict=True):
        variants = VARIANTS.get(name, {})
        weighted.append(((name, kana), weight * scale * (1 - sum(variants.values()))))
        weighted += [
            ((variant, kana), weight * scale * share) for variant, share in variants.items()
        ]
    rare = _pairs(RARE_SURNAMES)
    weighted += [(pair, RARE_SHARE) for pair in rare]
    taken = {name for (name, _), _ in weighted}
    tail = [
        ((first + second, first_kana + second_kana), ((i + 1) * (j + 1)) ** -0.25)
        for i, (first, first_kana) in enumerate(_pairs(TAIL_FIRST))
        for j, (second, second_kana) in enumerate(_pairs(TAIL_SECOND))
        if first + second not in taken
    ]
    tail_scale = (1 - sum(weight for _, weight in weighted)) / sum(weight for _, weight in tail)
    weighted += [(pair, weight * tail_scale) for pair, weight in tail]
    return WeightedTable.of(weighted)


def _birth_year_weights() -> dict[int, float]:
    weights = {year: share / 5 for start, share in COHORTS for year in range(start, start + 5)}
    weights[LAST_YEAR] = weights[LAST_YEAR - 1]
    return weights


SURNAME_TABLE = _surname_table()
FOREIGN_FAMILIES = [
    (nationality, language, _foreign_names(families), (_foreign_names(m), _foreign_names(f)))
    for nationality, language, families, m, f in FOREIGN
]
BIRTH_YEAR_WEIGHTS = _birth_year_weights()
# The named people of the demo contract, whose full names no generated person takes.
CONTRACT_NAMES = frozenset(name_key(name) for name in city.named_people())
BIRTH_YEAR_TABLE = WeightedTable.of(list(BIRTH_YEAR_WEIGHTS.items()))
GIVEN_NAME_ERAS = {sex: [_pairs(era) for era in eras] for sex, eras in GIVEN_NAMES.items()}


# --- Rows -------------------------------------------------------------------------------------


@dataclass(slots=True)
class NewPerson:
    """One person's column values, named as Person's attributes (the keys are filled in when
    the row is written)."""

    organization_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: dt.date
    sex: str
    postal_code: str
    area_id: int
    address: str
    phone: str
    created_at: dt.datetime
    nationality: str = "日本"
    language: str = ""
    needs_interpreter: bool = False
    disability_certificates: list[str] = field(default_factory=list)
    care_level: str = ""
    receives_public_assistance: bool = False
    notes: str = ""
    is_restricted: bool = False
    consent_state: str = "unconfirmed"
    created_by_id: int | None = None
    id: int = 0
    name_key: str = ""
    family_key: str = ""
    given_key: str = ""
    kana_key: str = ""
    family_kana_key: str = ""
    given_kana_key: str = ""
    phone_key: str = ""
    address_key: str = ""

    @property
    def updated_at(self) -> dt.datetime:
        return self.created_at

    @property
    def age(self) -> int:
        return LAST_YEAR - self.birth_date.year


@dataclass
class NewMember:
    person: NewPerson
    relation: str
    relation_label: str = ""
    is_main_carer: bool = False


@dataclass
class NewHousehold:
    members: list[NewMember]
    tags: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """People registered together: one person alone, or a household (key person first)."""

    people: list[NewPerson]
    household: NewHousehold | None = None


@dataclass(frozen=True)
class Home:
    organization_id: int
    area_id: int
    postal_code: str
    address: str


@dataclass(frozen=True)
class Family:
    name: str
    kana: str
    nationality: str = "日本"
    language: str = ""
    given: tuple[tuple[tuple[str, str], ...], ...] = ()  # foreign: (male, female) names


# --- The factory ------------------------------------------------------------------------------


class PeopleFactory:
    """Draws people and households from one seeded random generator. No database access."""

    def __init__(
        self,
        *,
        seed: int,
        organization_ids: list[int],
        towns: list[tuple[int, str]],
        now: dt.datetime,
    ) -> None:
        self.rng = random.Random(seed)
        self.organization_ids = sorted(organization_ids)
        self.now = now
        self.towns = self._towns_with_postal_codes(sorted(towns, key=lambda town: town[1]))

    @staticmethod
    def _towns_with_postal_codes(towns: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
        """One postal code per 町 (all its 丁目 share it), 000-0001 on: 000 is unassigned."""
        codes: dict[str, str] = {}
        result = []
        for area_id, name in towns:
            base = name.rstrip("0123456789").removesuffix("丁目").rstrip("0123456789")
            code = codes.setdefault(base, f"000{len(codes) + 1:04}")
            result.append((area_id, name, code))
        return result

    def units(self, count: int, *, households: bool) -> Iterator[Unit]:
        """Exactly `count` people, in units; the last household is cut short if needed."""
        remaining = count
        while remaining > 0:
            if households and self.rng.random() < 0.6:
                unit = self.household(limit=remaining)
            else:
                unit = Unit(
                    [self.person(self.home(), self.family(), self.sex(), self.birth_year())]
                )
            remaining -= len(unit.people)
            yield unit

    # Single draws

    def sex(self) -> Sex:
        return Sex.FEMALE if self.rng.random() < 0.51 else Sex.MALE

    def birth_year(self, low: int = FIRST_YEAR, high: int = LAST_YEAR) -> int:
        low, high = max(low, FIRST_YEAR), min(high, LAST_YEAR)
        if low >= high:
            return min(low, LAST_YEAR)
        if (low, high) == (FIRST_YEAR, LAST_YEAR):
            return BIRTH_YEAR_TABLE.draw(self.rng)
        years = range(low, high + 1)
        return self.rng.choices(years, weights=[BIRTH_YEAR_WEIGHTS[y] for y in years])[0]

    def birth_date(self, year: int) -> dt.date:
        start = dt.date(year, 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(year + 1, 1, 1) - start).days))

    def family(self) -> Family:
        if self.rng.random() < FOREIGN_SHARE:
            nationality, language, families, given = self.rng.choice(FOREIGN_FAMILIES)
            name, kana = self.rng.choice(families)
            return Family(name, kana, nationality, language, given)
        name, kana = SURNAME_TABLE.draw(self.rng)
        return Family(name, kana)

    def given_name(self, family: Family, sex: str, year: int) -> tuple[str, str]:
        """A given name that, with `family`, is not the full name of a named person of the
        contract (compared as search compares: 髙橋 美咲 is 高橋 美咲)."""
        while True:
            given = self._any_given_name(family, sex, year)
            if name_key(family.name + given[0]) not in CONTRACT_NAMES:
                return given

    def _any_given_name(self, family: Family, sex: str, year: int) -> tuple[str, str]:
        if family.given:
            return self.rng.choice(family.given[sex == Sex.FEMALE])
        eras = GIVEN_NAME_ERAS[Sex(sex)]
        if self.rng.random() < ERA_LOYALTY:
            return self.rng.choice(eras[bisect.bisect_right(ERA_STARTS, year)])
        return self.rng.choice(self.rng.choice(eras))

    def home(self) -> Home:
        rng = self.rng
        area_id, town, postal_code = rng.choice(self.towns)
        address = f"{city.CITY[0]}{town}{rng.randint(1, 20)}-{rng.randint(1, 30)}"
        if rng.random() < 0.25:
            address += f" {rng.choice(BUILDINGS)}{rng.randint(1, 4)}{rng.randint(1, 8):02}"
        return Home(rng.choice(self.organization_ids), area_id, postal_code, address)

    def phone(self, age: int) -> str:
        rng = self.rng
        if age < 13 or rng.random() < (0.5 if age >= 75 else 0.15):
            return ""
        return (
            f"{rng.choice(MOBILE_PREFIXES)}-{rng.randrange(10_000):04}-{rng.randrange(10_000):04}"
        )

    def person(self, home: Home, family: Family, sex: str, year: int) -> NewPerson:
        rng = self.rng
        given, given_kana = self.given_name(family, sex, year)
        person = NewPerson(
            organization_id=home.organization_id,
            family_name=family.name,
            given_name=given,
            family_kana=family.kana,
            given_kana=given_kana,
            birth_date=self.birth_date(year),
            sex=sex,
            postal_code=home.postal_code,
            area_id=home.area_id,
            address=home.address,
            phone="",
            created_at=self.now - dt.timedelta(seconds=rng.randrange(3 * 365 * 86_400)),
            nationality=family.nationality,
            language=family.language,
        )
        person.phone = self.phone(person.age)
        person.needs_interpreter = bool(family.language) and rng.random() < 0.4
        person.care_level = self.care_level(person.age)
        person.receives_public_assistance = rng.random() < 0.016
        if rng.random() < 0.07:
            person.disability_certificates = [rng.choice(("physical", "intellectual", "mental"))]
        return person

    def care_level(self, age: int) -> str:
        rng = self.rng
        if age < 65 or rng.random() > (0.3 if age >= 75 else 0.04):
            return ""
        return rng.choice(("support_1", "support_2", "care_1", "care_2", "care_3", "care_4"))

    # Households

    def household(self, *, limit: int) -> Unit:
        kind = self.rng.choices(
            (
                self._alone,
                self._couple,
                self._couple_children,
                self._single_parent,
                self._eighty_fifty,
                self._three_generations,
            ),
            weights=(30, 20, 25, 8, 9, 8),
        )[0]
        members = kind(self.home(), self.family())[:limit]
        household = NewHousehold(members, self._tags(members))
        return Unit([member.person for member in members], household)

    def _member(
        self, home: Home, family: Family, relation: str, sex: str, year: int, label: str = ""
    ) -> NewMember:
        return NewMember(self.person(home, family, sex, year), relation, label)

    def _opposite(self, sex: str) -> str:
        return Sex.FEMALE if sex == Sex.MALE else Sex.MALE

    def _spouse(self, home: Home, family: Family, key: NewMember) -> NewMember:
        sex = self._opposite(key.person.sex)
        gap = self.rng.randint(-3, 5)  # the wife is more often the younger
        year = key.person.birth_date.year + (gap if sex == Sex.FEMALE else -gap)
        return self._member(home, family, Relation.SPOUSE, sex, year)

    def _children(self, home: Home, family: Family, parent_year: int, most: int) -> list[NewMember]:
        """1 to `most` children born 25–35 years after the parent, eldest first, each labelled
        長男・次女… by sex and order; none born after LAST_YEAR."""
        years = sorted(
            parent_year + self.rng.randint(25, 35) for _ in range(self.rng.randint(1, most))
        )
        children, counts = [], {Sex.MALE: 0, Sex.FEMALE: 0}
        for year in (year for year in years if year <= LAST_YEAR):
            sex = self.sex()
            counts[sex] += 1
            order = ("長", "次", "三")[min(counts[sex], 3) - 1]
            label = order + ("男" if sex == Sex.MALE else "女")
            children.append(self._member(home, family, Relation.CHILD, sex, year, label))
        return children

    def _key(self, home: Home, family: Family, low: int, high: int, sex: str = "") -> NewMember:
        return self._member(
            home, family, Relation.SELF, sex or self.sex(), self.birth_year(low, high)
        )

    def _alone(self, home: Home, family: Family) -> list[NewMember]:
        return [self._key(home, family, FIRST_YEAR, 2005)]

    def _couple(self, home: Home, family: Family) -> list[NewMember]:
        key = self._key(home, family, 1930, 1995)
        return [key, self._spouse(home, family, key)]

    def _couple_children(self, home: Home, family: Family) -> list[NewMember]:
        key = self._key(home, family, 1965, 1995)
        spouse = self._spouse(home, family, key)
        elder_year = min(key.person.birth_date.year, spouse.person.birth_date.year)
        return [key, spouse, *self._children(home, family, elder_year, 3)]

    def _single_parent(self, home: Home, family: Family) -> list[NewMember]:
        sex = Sex.FEMALE if self.rng.random() < 0.85 else Sex.MALE
        key = self._key(home, family, 1970, 1995, sex)
        return [key, *self._children(home, family, key.person.birth_date.year, 3)]

    def _eighty_fifty(self, home: Home, family: Family) -> list[NewMember]:
        """An elderly parent (and often their spouse) living with a middle-aged child."""
        key = self._key(home, family, 1933, 1950)
        members = [key]
        if self.rng.random() < 0.5:
            members.append(self._spouse(home, family, key))
        year = key.person.birth_date.year + self.rng.randint(25, 35)
        sex = Sex.MALE if self.rng.random() < 0.6 else Sex.FEMALE
        label = "長男" if sex == Sex.MALE else "長女"
        return [*members, self._member(home, family, Relation.CHILD, sex, year, label)]

    def _three_generations(self, home: Home, family: Family) -> list[NewMember]:
        """A couple with their children and one of their parents."""
        key = self._key(home, family, 1965, 1990)
        spouse = self._spouse(home, family, key)
        year = key.person.birth_date.year - self.rng.randint(25, 35)
        elder_sex = Sex.FEMALE if self.rng.random() < 0.7 else Sex.MALE
        relation = Relation.MOTHER if elder_sex == Sex.FEMALE else Relation.FATHER
        elder = self._member(home, family, relation, elder_sex, max(year, FIRST_YEAR))
        children = self._children(home, family, key.person.birth_date.year, 2)
        key.is_main_carer = elder.person.age >= 75
        return [key, spouse, *children, elder]

    def _tags(self, members: list[NewMember]) -> list[str]:
        """The HouseholdTag values that the members' ages and relations show."""
        key_age = members[0].person.age
        relations = {member.relation for member in members}
        children = [m.person.age for m in members if m.relation == Relation.CHILD]
        elders = [m.person.age for m in members if m.relation in (Relation.MOTHER, Relation.FATHER)]
        tags = []
        if all(member.person.age >= 65 for member in members):
            tags.append(HouseholdTag.ELDERLY_ONLY)
        if len(members) == 1:
            tags.append(HouseholdTag.LIVING_ALONE)
        if Relation.SPOUSE not in relations and any(age < 20 for age in children):
            tags.append(HouseholdTag.SINGLE_PARENT)
        if key_age >= 75 and any(45 <= age <= 60 for age in children):
            tags.append(HouseholdTag.EIGHTY_FIFTY)
            if self.rng.random() < 0.4:
                tags.append(HouseholdTag.HIKIKOMORI)
        if any(age < 15 for age in children) and any(age >= 75 for age in elders):
            tags.append(HouseholdTag.DOUBLE_CARE)
        if any(12 <= age <= 18 for age in children) and any(age >= 85 for age in elders):
            tags.append(HouseholdTag.YOUNG_CARER)
        if members[0].person.nationality != "日本":
            tags.append(HouseholdTag.FOREIGN)
        return [str(tag) for tag in tags]


# --- Writing ----------------------------------------------------------------------------------

# Person's columns as COPY writes them, with the type psycopg dumps each value as.
PERSON_COLUMNS = {
    "id": "int8",
    "organization_id": "int8",
    "family_name": "text",
    "given_name": "text",
    "family_kana": "text",
    "given_kana": "text",
    "birth_date": "date",
    "sex": "text",
    "postal_code": "text",
    "area_id": "int8",
    "address": "text",
    "phone": "text",
    "nationality": "text",
    "language": "text",
    "needs_interpreter": "bool",
    "disability_certificates": "jsonb",
    "care_level": "text",
    "receives_public_assistance": "bool",
    "notes": "text",
    "is_restricted": "bool",
    "consent_state": "text",
    "name_key": "text",
    "family_key": "text",
    "given_key": "text",
    "kana_key": "text",
    "family_kana_key": "text",
    "given_kana_key": "text",
    "phone_key": "text",
    "address_key": "text",
    "created_by_id": "int8",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}
GRAM_COLUMNS = {
    "gram": "text",
    "person_id": "int8",
    "organization_id": "int4",
    "rank": "int2",
    "kana_key": "text",
}
_person_values = attrgetter(*PERSON_COLUMNS)


def _derive_keys(person: NewPerson) -> list[tuple[str, int, int, int, str]]:
    """Fill the person's key columns and return their name index rows, as `person_create`."""
    keys = person_keys(
        family_name=person.family_name,
        given_name=person.given_name,
        family_kana=person.family_kana,
        given_kana=person.given_kana,
        phone=person.phone,
        address=person.address,
    )
    for name, value in keys.items():
        setattr(person, name, value)
    return [
        (gram, person.id, person.organization_id, rank, person.kana_key)
        for gram, rank in name_grams(keys).items()
    ]


def _reserve_ids(count: int) -> int:
    """The first of `count` consecutive new Person ids, taken from the id sequence on
    PostgreSQL (the caller holds a lock against other inserts) and after the largest id on
    SQLite (whose write transaction is exclusive)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('people_person', 'id'),"
                " nextval(pg_get_serial_sequence('people_person', 'id')) + %s - 1)",
                [count],
            )
            return cursor.fetchone()[0] - count + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM people_person")
        return cursor.fetchone()[0]


def _copy(table: str, columns: dict[str, str], rows: list[tuple[Any, ...]]) -> None:
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(list(columns.values()))
        for row in rows:
            copy.write_row(row)


def _write_people(people: list[NewPerson], grams: list[tuple[str, int, int, int, str]]) -> None:
    if connection.vendor == "postgresql":
        _copy("people_person", PERSON_COLUMNS, [_person_values(p) for p in people])
        _copy("people_namegram", GRAM_COLUMNS, grams)
        return
    # Here created_at and updated_at become the current time (auto_now), not the drawn ones.
    Person.objects.bulk_create(
        Person(**dict(zip(PERSON_COLUMNS, _person_values(p), strict=True))) for p in people
    )
    NameGram.objects.bulk_create(NameGram(**dict(zip(GRAM_COLUMNS, g, strict=True))) for g in grams)


def _write_households(households: list[NewHousehold], created_by_id: int | None) -> None:
    rows = Household.objects.bulk_create(
        Household(
            organization_id=key.organization_id,
            name=f"{key.family_name}家",
            postal_code=key.postal_code,
            area_id=key.area_id,
            address=key.address,
            tags=household.tags,
            created_by_id=created_by_id,
        )
        for household in households
        for key in (household.members[0].person,)
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            household=row,
            person_id=member.person.id,
            relation=member.relation,
            relation_label=member.relation_label,
            is_key_person=member.relation == Relation.SELF,
            is_main_carer=member.is_main_carer,
        )
        for row, household in zip(rows, households, strict=True)
        for member in household.members
    )


def _write_batch(units: list[Unit], created_by_id: int | None) -> int:
    people = [person for unit in units for person in unit.people]
    first_id = _reserve_ids(len(people))
    grams = []
    for person_id, person in enumerate(people, start=first_id):
        person.id, person.created_by_id = person_id, created_by_id
        grams += _derive_keys(person)
    _write_people(people, grams)
    households = [unit.household for unit in units if unit.household is not None]
    if households:
        _write_households(households, created_by_id)
    return len(people)


def _batches(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    people = 0
    for unit in units:
        batch.append(unit)
        people += len(unit.people)
        if people >= size:
            yield batch
            batch, people = [], 0
    if batch:
        yield batch


# --- Index maintenance for large runs (PostgreSQL) --------------------------------------------

_index_migration = importlib.import_module("kasane.people.migrations.0002_namegram_indexes")


BULK_TABLES = ("people_person", "people_namegram")


@dataclass(frozen=True)
class _Definitions:
    """A table's secondary indexes and foreign keys, as PostgreSQL reports them."""

    table: str
    indexes: list[tuple[str, str]]
    foreign_keys: list[tuple[str, str]]


def _definitions(table: str) -> _Definitions:
    """Migration 0002's indexes are left out: they are rebuilt by the migration's own code."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class index ON index.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique"
            " AND NOT (index.relname = ANY(%s))",
            [table, list(_index_migration.COLUMNS)],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        return _Definitions(table, indexes, cursor.fetchall())


class _FastIndexes:
    """Drop the secondary indexes and foreign keys of people_person and people_namegram
    before COPY and rebuild them once after: far faster than updating a dozen B-trees and
    queueing a foreign-key check for each of millions of rows. Migration 0002's indexes are
    rebuilt by the migration's own code, the others from the definitions PostgreSQL reported
    before the drop. Runs inside the caller's transaction, so a failure changes nothing."""

    def __enter__(self) -> _FastIndexes:
        self.tables = [_definitions(table) for table in BULK_TABLES]
        with connection.schema_editor() as editor:
            _index_migration.drop(None, editor)
            for table in self.tables:
                for name, _ in table.foreign_keys:
                    editor.execute(f"ALTER TABLE {table.table} DROP CONSTRAINT {name}", None)
                for name, _ in table.indexes:
                    editor.execute(f"DROP INDEX {name}", None)
        return self

    def __exit__(self, exc_type: object, *args: object) -> None:
        if exc_type is not None:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        with connection.schema_editor() as editor:
            _index_migration.create(None, editor)
            for table in self.tables:
                for _, definition in table.indexes:
                    editor.execute(definition, None)
                for name, definition in table.foreign_keys:
                    sql = f"ALTER TABLE {table.table} ADD CONSTRAINT {name} {definition}"
                    editor.execute(sql, None)


def _vacuum_analyze() -> None:
    """Mark the new pages all-visible so that search's index-only scans skip the table, and
    give the planner fresh statistics. VACUUM cannot run inside a transaction."""
    with connection.cursor() as cursor:
        for table in (*BULK_TABLES, "people_household", "people_householdmember"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- Entry points -----------------------------------------------------------------------------


def consultation_organizations() -> list[Organization]:
    """The organisations whose staff do case work: the ones that register people."""
    return list(
        Organization.objects.filter(
            users__is_active=True, users__role_assignments__role__in=access.CASE_WORK_ROLES
        )
        .distinct()
        .order_by("pk")
    )


def demo_towns() -> list[Area]:
    return list(Area.objects.filter(kind=AreaKind.TOWN, is_active=True).order_by("code"))


def generate_people(
    *,
    count: int,
    organizations: list[Organization],
    towns: list[Area],
    seed: int = 2026,
    households: bool = False,
    created_by: User | None = None,
    batch_size: int = 5000,
    fast_indexes: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert `count` fictitious people (and, with `households`, group about half of them
    into 世帯 of 1–5 with a key person 本人, spouses, children, parents and fitting tags).
    Refused in production, like the demo city. Writes no audit rows: this is generated bulk
    data, not anyone's action. `fast_indexes` (default: on for large runs on PostgreSQL)
    rebuilds the name index after loading instead of updating it row by row; the run then
    ends with VACUUM ANALYZE and so must not be called inside a transaction."""
    refuse_in_production(action="架空の人物を生成")
    if not organizations or not towns:
        raise ValueError("organizations and towns must not be empty")
    factory = PeopleFactory(
        seed=seed,
        organization_ids=[organization.pk for organization in organizations],
        towns=[(town.pk, town.name) for town in towns],
        now=timezone.now(),
    )
    postgres = connection.vendor == "postgresql"
    if fast_indexes is None:
        fast_indexes = postgres and count >= FAST_INDEX_THRESHOLD
    created_by_id = created_by.pk if created_by else None
    inserted = 0
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:
                # Inserts by others would take ids from the range reserved here.
                cursor.execute("LOCK TABLE people_person IN EXCLUSIVE MODE")
        with _FastIndexes() if fast_indexes else contextlib.nullcontext():
            for batch in _batches(factory.units(count, households=households), batch_size):
                inserted += _write_batch(batch, created_by_id)
                if progress:
                    progress(inserted)
    if fast_indexes:
        _vacuum_analyze()
    return inserted
