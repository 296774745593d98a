"""The seniors' part of the demo data: partners, seniors' files with their pair, each
file's history (status change, assignment, consent, register entry), and the people who are
only on the vulnerability register, not yet approached for visits."""

from __future__ import annotations

import datetime

from ccas_visits.lib.demo import Demo
from seniors.models import Assignment, Consent, Partner, RegisterEntry, Senior, SeniorStatusChange
from volunteers.models import Neighbourhood, Pair

STREETS = [
    "rue des Jacobins",
    "rue Saint-Leu",
    "boulevard de Beauvillé",
    "rue Gresset",
    "avenue de la Défense Passive",
    "rue Jules Barni",
    "place Parmentier",
    "rue de la Hotoie",
    "rue Vulfran Warmé",
    "chemin de Halage",
    "rue des Otages",
    "allée du Bois",
]
PARTNERS = [
    ("CLIC du Grand Amiénois", Partner.Kind.CLIC),
    ("Centre social Étouvie", Partner.Kind.SOCIAL_CENTRE),
    ("Uni'cités", Partner.Kind.CIVIC_SERVICE),
    ("Entr'âges", Partner.Kind.ASSOCIATION),
    ("Conciergerie solidaire", Partner.Kind.ASSOCIATION),
    ("CARSAT Nord-Picardie", Partner.Kind.PENSION_FUND),
    ("Conseil départemental de la Somme", Partner.Kind.DEPARTEMENT),
]
STATUSES = (
    [Senior.Status.FOLLOWED] * 70
    + [Senior.Status.CONTACTED] * 8
    + [Senior.Status.IDENTIFIED] * 8
    + [Senior.Status.DECLINED] * 6
    + [Senior.Status.PAUSED] * 3
    + [Senior.Status.CLOSED] * 5
)

APPROACHES = [Senior.ApproachChannel.CALL, Senior.ApproachChannel.LETTER, Senior.ApproachChannel.STAFF_VISIT]
# People on the register only, one for six files of the programme.
REGISTER_ONLY_SHARE = 6


def build_partners(demo: Demo) -> list[Partner]:
    return Partner.objects.bulk_create([Partner(name=name, kind=kind) for name, kind in PARTNERS])


def home_of(demo: Demo, neighbourhoods: list[Neighbourhood]) -> dict:
    """Where a senior lives and how to reach them."""
    return {
        "address": f"{demo.rng.randint(1, 180)} {demo.rng.choice(STREETS)}",
        "postal_code": "80000",
        "city": "Amiens",
        "neighbourhood": demo.rng.choice(neighbourhoods),
        "phone": demo.phone(),
        "access_notes": demo.rng.choice(
            ["", "Code porte 1234B", "3e étage sans ascenseur", "Sonner longtemps"]
        ),
        "best_times": demo.rng.choice(["", "Le matin", "Après 14 h", "Pas le mercredi"]),
        "interests": demo.rng.choice(["", "Jardinage, tricot", "Belote", "Chansons d'autrefois", "Football"]),
        "living_situation": demo.rng.choice(Senior.LivingSituation.values),
    }


def senior(
    demo: Demo, index: int, neighbourhoods: list[Neighbourhood], partners: list[Partner], pairs: list[Pair]
) -> Senior:
    """One senior's file; the followed and paused ones (and every other contacted one) have a pair.
    The draws keep their order (who, how found, where, then the file's state): the seed's data."""
    sex = demo.rng.choice("FFFM")
    first, last = demo.name(sex)
    source = demo.rng.choice(Senior.Source.values)
    status = demo.rng.choice(STATUSES)
    identified = demo.day_between(
        demo.start - datetime.timedelta(days=200), demo.today - datetime.timedelta(days=7)
    )
    pair = None
    if status in (Senior.Status.FOLLOWED, Senior.Status.PAUSED) or (
        status == Senior.Status.CONTACTED and index % 2
    ):
        pair = pairs[index % len(pairs)]
    birth_date = datetime.date(demo.rng.randint(1926, 1962), demo.rng.randint(1, 12), demo.rng.randint(1, 28))
    return Senior(
        first_name=first,
        last_name=last,
        sex=sex,
        birth_date=birth_date,
        **home_of(demo, neighbourhoods),
        source=source,
        source_partner=demo.rng.choice(partners) if source == Senior.Source.PARTNER else None,
        source_detail="Boulangerie du quartier" if source == Senior.Source.FLYER else "",
        identified_on=identified,
        # The files found through the register were approached, each by one of the channels.
        approach_channel=APPROACHES[index % len(APPROACHES)] if source == Senior.Source.REGISTER else "",
        status=status,
        closed_reason=demo.rng.choice(Senior.ClosedReason.values) if status == Senior.Status.CLOSED else "",
        status_changed_on=demo.day_between(identified, demo.today),
        pair=pair,
        visit_interval_days=demo.rng.choice([14, 14, 14, 7, 21, 30]),
        emergency_contact_name=demo.rng.choice(["", "Fille", "Fils", "Voisine"]),
        # One file in five was assessed (GIR 4 to 6): no draw, the seed's data stays the same.
        gir=str(4 + index % 3) if index % 5 == 0 else "",
    )


def build_seniors(
    demo: Demo, *, neighbourhoods: list[Neighbourhood], partners: list[Partner], active_pairs: list[Pair]
) -> list[Senior]:
    seniors = Senior.objects.bulk_create(
        [senior(demo, index, neighbourhoods, partners, active_pairs) for index in range(demo.scale.seniors)],
        batch_size=2000,
    )
    build_senior_history(demo, seniors)
    return seniors


def status_change(senior: Senior) -> SeniorStatusChange:
    """The one change of a demo file: from identified to its status today."""
    return SeniorStatusChange(
        senior=senior,
        from_status=Senior.Status.IDENTIFIED,
        to_status=senior.status,
        closed_reason=senior.closed_reason,
        changed_on=senior.status_changed_on,
        reason="Ne souhaite pas de visites" if senior.status == Senior.Status.DECLINED else "",
    )


def consent(demo: Demo, senior: Senior) -> Consent:
    declined = senior.status == Senior.Status.DECLINED
    return Consent(
        senior=senior,
        decision=Consent.Decision.OBJECTION if declined else Consent.Decision.CONSENT,
        given_on=senior.identified_on + datetime.timedelta(days=7),
        channel=demo.rng.choice(Consent.Channel.values),
        collected_by="Coordinatrice du réseau",
    )


def register_entry(demo: Demo, senior: Senior) -> RegisterEntry | None:
    """Every senior found through the register is in it, and one in five of the others."""
    if senior.source != Senior.Source.REGISTER and demo.rng.random() >= 0.2:
        return None
    return RegisterEntry(
        senior=senior,
        register_id=f"REG-{senior.id:06d}",
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=senior.identified_on,
        acknowledged_on=senior.identified_on + datetime.timedelta(days=5),
        objected_on=senior.identified_on if demo.rng.random() < 0.05 else None,
    )


def build_senior_history(demo: Demo, seniors: list[Senior]) -> None:
    changes, assignments, consents, register = [], [], [], []
    for senior in seniors:  # one senior at a time: the draws' order makes the seed's data
        contacted = senior.status != Senior.Status.IDENTIFIED
        if contacted:
            changes.append(status_change(senior))
        if senior.pair:
            started = max(senior.identified_on, senior.pair.started_on)
            assignments.append(Assignment(senior=senior, pair=senior.pair, started_on=started))
        if contacted:
            consents.append(consent(demo, senior))
        if entry := register_entry(demo, senior):
            register.append(entry)
    SeniorStatusChange.objects.bulk_create(changes, batch_size=5000)
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    Consent.objects.bulk_create(consents, batch_size=5000)
    RegisterEntry.objects.bulk_create(register, batch_size=5000)


def build_register_only(demo: Demo, neighbourhoods: list[Neighbourhood]) -> list[Senior]:
    """People on the register who were never approached: no file in the programme, some
    acknowledgements still to send, a few objections to the register. Drawn after every
    other part of the demo, so that the rest of the seed's data stays the same."""
    people = []
    for _index in range(demo.scale.seniors // REGISTER_ONLY_SHARE):
        sex = demo.rng.choice("FFFM")
        first, last = demo.name(sex)
        people.append(
            Senior(
                first_name=first,
                last_name=last,
                sex=sex,
                birth_date=datetime.date(demo.rng.randint(1926, 1958), demo.rng.randint(1, 12), 15),
                **home_of(demo, neighbourhoods),
                source=Senior.Source.REGISTER,
                identified_on=None,
                status=Senior.Status.REGISTER_ONLY,
                status_changed_on=demo.today,
            )
        )
    people = Senior.objects.bulk_create(people)
    entries = []
    for person in people:
        registered = demo.day_between(demo.today - datetime.timedelta(days=400), demo.today)
        acknowledged = registered + datetime.timedelta(days=5)
        entries.append(
            RegisterEntry(
                senior=person,
                register_id=f"REG-{person.id:06d}",
                basis=RegisterEntry.Basis.AGE_65,
                requested_by=RegisterEntry.RequestedBy.SELF,
                registered_on=registered,
                acknowledged_on=acknowledged if acknowledged < demo.today else None,
                objected_on=registered if demo.rng.random() < 0.1 else None,
            )
        )
    RegisterEntry.objects.bulk_create(entries)
    return people
