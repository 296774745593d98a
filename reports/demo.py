"""Realistic French demo data at a town's scale, made deterministically with bulk inserts.

Each app builds its own part (volunteers/demo.py, seniors/demo.py, visits/demo.py; budgets and
targets here); `build_demo` runs them in order. They all draw from one random generator, so the
order below is part of what makes the same seed give the same data."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection, transaction

from ccas_visits.lib.demo import Demo, Scale
from reports.models import Budget, ExpenseLine, Funding, Target
from seniors import demo as seniors_demo
from seniors.models import Senior
from visits import demo as visits_demo
from visits.models import Call, Visit
from volunteers import demo as volunteers_demo
from volunteers.models import Pair, Volunteer

FUNDINGS = [
    (Funding.Source.CCAS, Decimal("30000")),
    (Funding.Source.COMMUNE, Decimal("15000")),
    (Funding.Source.CNSA, Decimal("8000")),
    (Funding.Source.CARSAT, Decimal("7000")),
]
EXPENSES = [
    (ExpenseLine.Category.STAFF, "Animatrice du réseau (0,8 ETP)", Decimal("38000")),
    (ExpenseLine.Category.TRAINING, "Séminaire annuel et analyse de la pratique", Decimal("6000")),
    (ExpenseLine.Category.VOLUNTEER_COSTS, "Frais de déplacement et assurance", Decimal("7000")),
    (ExpenseLine.Category.COMMUNICATION, "Flyers, affiches, film", Decimal("4000")),
    (ExpenseLine.Category.ACTIVITIES, "Café Relais et sorties", Decimal("5000")),
]


def build_budgets(demo: Demo) -> None:
    """A budget and the default targets for each year of the history; past years 90 % spent."""
    for year in range(demo.start.year, demo.today.year + 1):
        budget = Budget.objects.create(
            name=f"Visites à domicile {year}",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )
        Funding.objects.bulk_create(
            [Funding(budget=budget, source=source, amount=amount) for source, amount in FUNDINGS]
        )
        spent_ratio = Decimal("0.9") if year < demo.today.year else Decimal("0.75")
        ExpenseLine.objects.bulk_create(
            [
                ExpenseLine(
                    budget=budget,
                    category=category,
                    label=label,
                    planned=amount,
                    spent=(amount * spent_ratio).quantize(Decimal("1")),
                )
                for category, label, amount in EXPENSES
            ]
        )
        Target.objects.get_or_create(year=year)


@transaction.atomic
def build_demo(
    *, seed: int, scale: Scale, password: str, today: datetime.date | None = None
) -> dict[str, int]:
    """Every app's demo data, in the order of the random draws; the counts shown after seeding."""
    demo = Demo(seed=seed, scale=scale, password=password, today=today)
    neighbourhoods = volunteers_demo.build_neighbourhoods(demo)
    partners = seniors_demo.build_partners(demo)
    catalogue = visits_demo.build_catalogue(demo)
    volunteers = volunteers_demo.build_volunteers(demo, neighbourhoods)
    pairs = volunteers_demo.build_pairs(demo, volunteers)
    volunteers_demo.build_meetings(demo, volunteers)
    active_pairs = [p for p in pairs if p.ended_on is None]
    seniors = seniors_demo.build_seniors(
        demo, neighbourhoods=neighbourhoods, partners=partners, active_pairs=active_pairs
    )
    visits_demo.build_contacts(demo, seniors=seniors, pairs=pairs, catalogue=catalogue)
    visits_demo.build_reviews(demo, seniors)
    build_budgets(demo)
    followed_pairs = {s.pair_id for s in seniors if s.pair_id}
    volunteers_demo.build_accounts(demo, next(p for p in active_pairs if p.id in followed_pairs))
    seniors_demo.build_register_only(demo, neighbourhoods)
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, so that the first queries are planned well.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "volunteers": Volunteer.objects.count(),
        "pairs": Pair.objects.count(),
        "seniors": Senior.objects.count(),
        "calls": Call.objects.count(),
        "visits": Visit.objects.count(),
    }
