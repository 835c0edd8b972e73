"""Fictitious 社会資源 for the city-scale bench (issue 16: the directory's search stays fast with
5,000 resources) and the scale guard.

Everything is drawn from one `random.Random`, seeded by the seed and the number of services
already there, so a seed and a database give the same directory, and a top-up draws new ones.
Each organisation runs about five services; each service has one place in a 町丁目 of デモ市,
one or two categories, and one weekly or monthly schedule; ages, fees and acceptance vary; the
last check falls in the past two years (so about half need checking again), and one in twenty
is suspended or closed. Bulk data, not a user's action: no audit rows are written, and the
copies the services keep (`search_key`, `area_code`, `weekdays`) are filled as they would."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.demo.guard import refuse_in_production
from kasane.organizations.models import Area, AreaKind
from kasane.resources.models import (
    WEEKDAYS,
    Freq,
    Location,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
    weekdays_of,
)

BATCH = 500
SERVICES_PER_ORGANIZATION = 5
KINDS = (
    ("サロン", "さろん"),
    ("子ども食堂", "こどもしょくどう"),
    ("居場所", "いばしょ"),
    ("体操教室", "たいそうきょうしつ"),
    ("学習会", "がくしゅうかい"),
    ("就労体験", "しゅうろうたいけん"),
    ("家族会", "かぞくかい"),
    ("ボランティア", "ぼらんてぃあ"),
    ("カフェ", "かふぇ"),
    ("相談会", "そうだんかい"),
)
NAMES = (
    ("ひまわり", "ひまわり"),
    ("さくら", "さくら"),
    ("けやき", "けやき"),
    ("あおぞら", "あおぞら"),
    ("こもれび", "こもれび"),
    ("みのり", "みのり"),
    ("はなみずき", "はなみずき"),
    ("ともしび", "ともしび"),
)


def generate_resources(count: int, *, seed: int = 2026) -> int:
    """Add `count` services (with their organisations, places and schedules)."""
    refuse_in_production(action="社会資源を生成")
    keeper = User.objects.filter(username="sanka").first() or User.objects.order_by("pk").first()
    towns = list(Area.objects.filter(kind=AreaKind.TOWN, is_active=True).order_by("code"))
    categories = list(ServiceCategory.objects.filter(is_active=True).order_by("pk"))
    if keeper is None or not towns or not categories:
        return 0
    rng = random.Random(f"{seed}-{Service.objects.count()}")
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        _batch(rng, size, keeper, towns, categories, start=Service.objects.count())
        made += size
    return made


@transaction.atomic
def _batch(
    rng: random.Random,
    size: int,
    keeper: User,
    towns: list[Area],
    categories: list[ServiceCategory],
    start: int,
) -> None:
    today = timezone.localdate()
    organizations = ResourceOrganization.objects.bulk_create(
        ResourceOrganization(
            name=f"生成団体{start + n:05}",
            kana=f"せいせいだんたい{start + n:05}",
            phone=f"000-9{(start + n) % 100:02}-{(start + n) % 10000:04}",
            is_partner=rng.random() < 0.02,
            partner_since=today - dt.timedelta(days=rng.randint(1, 900)),
        )
        for n in range(0, size, SERVICES_PER_ORGANIZATION)
    )
    rows: list[tuple[Service, Location, list[ServiceCategory], Schedule]] = []
    for n in range(size):
        organization = organizations[n // SERVICES_PER_ORGANIZATION]
        rows.append(_row(rng, start + n, organization, keeper, towns, categories, today))
    Location.objects.bulk_create([location for _, location, _, _ in rows])
    Service.objects.bulk_create([service for service, _, _, _ in rows])
    through = Service.categories.through
    through.objects.bulk_create(
        through(service_id=service.pk, servicecategory_id=category.pk)
        for service, _, chosen, _ in rows
        for category in chosen
    )
    ats = ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=service, location=location) for service, location, _, _ in rows
    )
    for (service, _, _, schedule), at in zip(rows, ats, strict=True):
        schedule.service = service
        schedule.service_at_location = at
    Schedule.objects.bulk_create([schedule for _, _, _, schedule in rows])


def _row(
    rng: random.Random,
    number: int,
    organization: ResourceOrganization,
    keeper: User,
    towns: list[Area],
    categories: list[ServiceCategory],
    today: dt.date,
) -> tuple[Service, Location, list[ServiceCategory], Schedule]:
    town = rng.choice(towns)
    name, name_kana = rng.choice(NAMES)
    kind, kind_kana = rng.choice(KINDS)
    location = Location(
        organization=organization,
        name=f"{town.name}{name}会館",
        address=f"デモ市{town.name}{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        area=town,
        area_code=town.code,
    )
    low = rng.choice((None, None, 6, 12, 15, 18, 60, 65))
    high = rng.choice((None, None, 18, 39, 64)) if low is None or low < 18 else None
    if low is not None and high is not None and high < low:
        high = None
    status = rng.choices((Status.ACTIVE, Status.SUSPENDED, Status.CLOSED), (19, 0.5, 0.5))[0]
    checked = today - dt.timedelta(days=rng.randint(0, 730))
    service = Service(
        organization=organization,
        name=f"{town.name}の{name}{kind}（{number:05}）",
        kana=f"{name_kana}{kind_kana}{number:05}",
        description=f"{town.name}で行う{kind}です。どなたでもお気軽に。",
        age_min=low,
        age_max=high,
        is_free=rng.random() < 0.6,
        accepting_new=rng.random() < 0.8,
        capacity=rng.choice((None, 10, 20, 30)),
        assured_date=checked,
        assurer=keeper,
        status=status,
        status_since=checked,
        created_by=keeper,
    )
    service.refresh_search_key(organization.name)
    chosen = rng.sample(categories, rng.choice((1, 1, 2)))
    freq = rng.choice((Freq.WEEKLY, Freq.WEEKLY, Freq.MONTHLY))
    days = rng.sample(WEEKDAYS[:6], rng.choice((1, 1, 2)))
    byday = ",".join(
        f"{rng.choice((1, 2, 3, 4))}{day}" if freq == Freq.MONTHLY else day for day in days
    )
    opens = rng.choice((9, 10, 13, 14, 17))
    schedule = Schedule(
        freq=freq,
        byday=byday,
        weekdays=weekdays_of(freq, byday),
        opens_at=dt.time(opens, 0),
        closes_at=dt.time(opens + 2, 0),
    )
    return service, location, chosen, schedule
