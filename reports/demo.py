"""Realistic French demo data at a town's scale, made deterministically with bulk inserts."""

from __future__ import annotations

import bisect
import csv
import datetime
import io
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from reports.models import Budget, ExpenseLine, Funding, Target
from seniors.models import Assignment, Consent, Partner, RegisterEntry, Senior, SeniorStatusChange
from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    Need,
    Proposal,
    ServiceOffer,
    Visit,
)
from volunteers.models import (
    Attendance,
    CharterSignature,
    CharterVersion,
    Meeting,
    Neighbourhood,
    Pair,
    Volunteer,
)
from volunteers.roles import COORDINATOR, MANAGER, VOLUNTEER


@dataclass(frozen=True)
class Scale:
    volunteers: int
    pairs: int
    seniors: int
    years: int
    visits_per_year: int
    calls_per_year: int


SCALES = {
    "demo": Scale(volunteers=90, pairs=45, seniors=130, years=2, visits_per_year=2600, calls_per_year=1800),
    "large": Scale(
        volunteers=600, pairs=300, seniors=20000, years=10, visits_per_year=40000, calls_per_year=25000
    ),
}

FIRST_NAMES_F = [
    "Marie",
    "Jeanne",
    "Monique",
    "Françoise",
    "Geneviève",
    "Odette",
    "Simone",
    "Hélène",
    "Josiane",
    "Colette",
    "Thérèse",
    "Brigitte",
    "Éliane",
    "Aïcha",
    "Fatima",
    "Agnès",
    "Chantal",
    "Nicole",
    "Lucienne",
    "Yvette",
    "Madeleine",
    "Gisèle",
    "Léa",
    "Chloé",
]
FIRST_NAMES_M = [
    "Jean",
    "Pierre",
    "Michel",
    "André",
    "Bernard",
    "Jacques",
    "René",
    "Gérard",
    "Marcel",
    "Raymond",
    "Lucien",
    "François",
    "Mohamed",
    "Amadou",
    "Joël",
    "Hervé",
    "Thierry",
    "Étienne",
    "Noël",
    "Hugo",
    "Lucas",
    "Yanis",
    "Jean-Pierre",
    "Jean-Claude",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Lefèvre-Dupré",
    "N'Diaye",
    "de La Tour",
    "Leroy",
    "Moreau",
    "Fournier",
    "Girard",
    "Lambert",
    "Bonnet",
    "Dupont",
    "Mercier",
    "Carpentier",
    "Lemaire",
    "Delattre",
    "Caron",
    "Vasseur",
    "Boucher",
    "Duchêne",
    "Benali",
    "Nguyen",
    "Da Silva",
    "Lecomte",
    "Masson",
    "Dumont",
    "Poulain",
    "Hérault",
    "D'Almeida",
    "Lenoir",
    "Saint-Just",
    "Gaudré",
    "Deschamps",
    "Petitjean",
    "Obry",
]
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
NEIGHBOURHOODS = [
    "Centre-ville",
    "Saint-Leu",
    "Henriville",
    "Saint-Maurice",
    "Étouvie",
    "Amiens Nord",
    "Saint-Acheul",
    "Renancourt",
    "Montières",
    "Elbeuf",
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
ACTIVITIES = [
    ("Café Relais", Activity.Kind.CAFE),
    ("Atelier mémoire", Activity.Kind.WORKSHOP),
    ("Gym douce", Activity.Kind.SPORT),
    ("Atelier relaxation", Activity.Kind.SPORT),
    ("Semaine Bleue", Activity.Kind.SEMAINE_BLEUE),
    ("Spectacle de fin d'année", Activity.Kind.SHOW),
    ("Déjeuner intergénérationnel", Activity.Kind.MEAL),
]
SERVICES = [
    "Portage de repas",
    "Téléassistance",
    "Colis de Noël",
    "Transport accompagné",
    "Aide administrative",
    "Plan canicule et grand froid",
]
NOTES = [
    "Très contente de la visite, a parlé de ses petits-enfants.",
    "Intéressé par le Café Relais, à rappeler pour l'inscription.",
    "Se sent seule depuis le décès de son mari.",
    "Difficultés avec les courses, à signaler à la coordinatrice.",
    "A besoin d'aide pour un dossier de retraite.",
    "",
    "",
    "",
]


PROGRAMME_APPS = ("volunteers", "seniors", "visits", "reports")


def erase_programme_data() -> None:
    """Empty every table of the programme and the user accounts; roles (groups) stay."""
    models = [
        m
        for label in PROGRAMME_APPS
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    tables = [m._meta.db_table for m in models] + [
        "auth_user",
        "auth_user_groups",
        "auth_user_user_permissions",
        "django_admin_log",
        "django_session",
    ]
    if connection.vendor == "postgresql":
        # Deferred foreign-key checks still pending in this transaction would block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def insert_rows(model: type, rows: list[dict]) -> None:
    """Insert plain rows ({field attname: value}; a missing field takes its default) without
    building a model instance per row: COPY on PostgreSQL (the large scale's million rows),
    executemany elsewhere (the SQLite demo)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {
        f.attname: timezone.now()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                values = (row.get(f.attname, defaults[f.attname]) for f in fields)
                writer.writerow(["\\N" if value is None else value for value in values])
            buffer.seek(0)
            # NULL is written \N, so that an empty text stays an empty text.
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - model names
                [
                    [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields]
                    for row in rows
                ],
            )


class DemoBuilder:
    def __init__(self, *, seed: int, scale: Scale, password: str, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.scale = scale
        self.password = password
        self.today = today or timezone.localdate()
        self.start = self.today.replace(year=self.today.year - scale.years)
        self.zone = timezone.get_current_timezone()
        self.now = timezone.now()
        # Nothing recorded in the future; every moment in Paris time.
        self.latest = timezone.localtime(self.now - datetime.timedelta(minutes=5))

    def name(self, sex: str) -> tuple[str, str]:
        first = self.rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
        return first, self.rng.choice(LAST_NAMES)

    def phone(self) -> str:
        return "0" + self.rng.choice("3667") + "".join(self.rng.choice("0123456789") for _ in range(8))

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        span = max((end - start).days, 0)
        return start + datetime.timedelta(days=self.rng.randint(0, span))

    def moment(self, day: datetime.date, first_hour: int = 9, last_hour: int = 17) -> datetime.datetime:
        at = datetime.time(self.rng.randint(first_hour, last_hour), self.rng.choice([0, 15, 30, 45]))
        return min(datetime.datetime.combine(day, at, tzinfo=self.zone), self.latest)

    def read_at(self, day: datetime.date) -> datetime.datetime | None:
        """Coordinators read the reports within days: only recent ones may still be unread."""
        if day >= self.today - datetime.timedelta(days=21) and self.rng.random() < 0.5:
            return None
        return self.moment(min(day + datetime.timedelta(days=2), self.today))

    @transaction.atomic
    def build(self) -> dict[str, int]:
        self.neighbourhoods = Neighbourhood.objects.bulk_create(
            [Neighbourhood(name=name) for name in NEIGHBOURHOODS]
        )
        self.partners = Partner.objects.bulk_create(
            [Partner(name=name, kind=kind) for name, kind in PARTNERS]
        )
        self.build_catalogue()
        self.build_volunteers()
        self.build_pairs()
        self.build_meetings()
        self.build_seniors()
        self.build_contacts()
        self.build_budgets()
        self.build_accounts()
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

    def build_catalogue(self) -> None:
        self.services = ServiceOffer.objects.bulk_create([ServiceOffer(name=name) for name in SERVICES])
        self.activities = Activity.objects.bulk_create(
            [Activity(name=name, kind=kind) for name, kind in ACTIVITIES]
        )
        sessions = []
        month = self.start.replace(day=1)
        horizon = self.today + datetime.timedelta(days=90)
        while month <= horizon:
            for activity in self.activities:
                if activity.kind == Activity.Kind.SEMAINE_BLEUE and month.month != 10:
                    continue
                day = month.replace(day=self.rng.randint(2, 27))
                sessions.append(
                    ActivitySession(
                        activity=activity,
                        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30))),
                        place=self.rng.choice(["Maison des aînés", "Centre social", "Salle des fêtes"]),
                        capacity=self.rng.choice([12, 20, 30]),
                    )
                )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        self.sessions = ActivitySession.objects.bulk_create(sessions)

    def build_volunteers(self) -> None:
        kinds = (
            [Volunteer.Kind.SENIOR] * 70
            + [Volunteer.Kind.CIVIC_SERVICE] * 15
            + [Volunteer.Kind.ASSOCIATION] * 8
            + [Volunteer.Kind.SOCIAL_WORKER] * 4
            + [Volunteer.Kind.ELECTED] * 3
        )
        charter_v1 = CharterVersion.objects.create(
            label="2022",
            published_on=self.start,
            text="Charte du visiteur à domicile (confidentialité, ni dons ni legs).",
        )
        volunteers = []
        for index in range(self.scale.volunteers):
            sex = self.rng.choice("FFFM")
            first, last = self.name(sex)
            joined = self.day_between(
                self.start - datetime.timedelta(days=365), self.today - datetime.timedelta(days=30)
            )
            status = self.rng.choices(
                [
                    Volunteer.Status.ACTIVE,
                    Volunteer.Status.PAUSED,
                    Volunteer.Status.LEFT,
                    Volunteer.Status.APPLICANT,
                ],
                weights=[82, 5, 8, 5],
            )[0]
            if index < self.scale.pairs * 2:
                status = Volunteer.Status.ACTIVE
            trained = status != Volunteer.Status.APPLICANT
            kind = self.rng.choice(kinds)
            volunteers.append(
                Volunteer(
                    first_name=first,
                    last_name=last,
                    email=f"benevole{index}@example.org",
                    phone=self.phone(),
                    kind=kind,
                    status=status,
                    recruited_via=self.rng.choice(Volunteer.Recruitment.values),
                    joined_on=joined,
                    left_on=self.day_between(joined, self.today) if status == Volunteer.Status.LEFT else None,
                    initial_training_on=joined + datetime.timedelta(days=14) if trained else None,
                    insurance_or_agreement_on=joined if trained else None,
                )
            )
        self.volunteers = Volunteer.objects.bulk_create(volunteers)
        Volunteer.neighbourhoods.through.objects.bulk_create(
            [
                Volunteer.neighbourhoods.through(
                    volunteer_id=v.id, neighbourhood_id=self.rng.choice(self.neighbourhoods).id
                )
                for v in self.volunteers
            ]
        )
        CharterSignature.objects.bulk_create(
            [
                CharterSignature(volunteer=v, version=charter_v1, signed_on=v.joined_on)
                for v in self.volunteers
                if v.initial_training_on
            ]
        )

    def build_pairs(self) -> None:
        active = [v for v in self.volunteers if v.status == Volunteer.Status.ACTIVE]
        pairs = []
        for index in range(self.scale.pairs):
            a = active[(2 * index) % len(active)]
            b = active[(2 * index + 1) % len(active)]
            started = max(a.joined_on, b.joined_on) + datetime.timedelta(days=21)
            started = min(started, self.today - datetime.timedelta(days=60))
            ended = None
            # About one pair in ten ended: its history stays in the reports.
            if index % 10 == 9:
                ended = self.day_between(started, self.today - datetime.timedelta(days=1))
            pairs.append(
                Pair(
                    volunteer_a=a,
                    volunteer_b=b,
                    started_on=started,
                    ended_on=ended,
                    name=f"Binôme {index + 1}",
                    end_reason="Déménagement d'un bénévole" if ended else "",
                )
            )
        self.pairs = Pair.objects.bulk_create(pairs)
        self.active_pairs = [p for p in self.pairs if p.ended_on is None]

    def build_meetings(self) -> None:
        meetings = []
        month = self.start.replace(day=1)
        while month <= self.today:
            meetings.append(
                Meeting(kind=Meeting.Kind.MEETING, title="Réunion du réseau", held_on=month.replace(day=10))
            )
            if month.month % 2 == 0:
                meetings.append(
                    Meeting(
                        kind=Meeting.Kind.PRACTICE_ANALYSIS,
                        title="Analyse de la pratique",
                        held_on=month.replace(day=20),
                        facilitator="Psychologue du CCAS",
                    )
                )
            if month.month == 9:
                meetings.append(
                    Meeting(
                        kind=Meeting.Kind.SEMINAR,
                        title="Séminaire annuel des visiteurs",
                        held_on=month.replace(day=15),
                        facilitator="Coach certifiée",
                    )
                )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        meetings = [m for m in meetings if m.held_on <= self.today]
        self.meetings = Meeting.objects.bulk_create(meetings)
        attendances = []
        for meeting in self.meetings:
            present = [
                v for v in self.volunteers if v.joined_on <= meeting.held_on and self.rng.random() < 0.45
            ]
            attendances += [Attendance(meeting=meeting, volunteer=v) for v in present]
        Attendance.objects.bulk_create(attendances, batch_size=5000)

    def build_seniors(self) -> None:
        statuses = (
            [Senior.Status.FOLLOWED] * 70
            + [Senior.Status.CONTACTED] * 8
            + [Senior.Status.IDENTIFIED] * 8
            + [Senior.Status.DECLINED] * 6
            + [Senior.Status.PAUSED] * 3
            + [Senior.Status.CLOSED] * 5
        )
        seniors = []
        for index in range(self.scale.seniors):
            sex = self.rng.choice("FFFM")
            first, last = self.name(sex)
            source = self.rng.choice(Senior.Source.values)
            status = self.rng.choice(statuses)
            identified = self.day_between(
                self.start - datetime.timedelta(days=200), self.today - datetime.timedelta(days=7)
            )
            pair = None
            if status in (Senior.Status.FOLLOWED, Senior.Status.PAUSED) or (
                status == Senior.Status.CONTACTED and index % 2
            ):
                pair = self.active_pairs[index % len(self.active_pairs)]
            seniors.append(
                Senior(
                    first_name=first,
                    last_name=last,
                    sex=sex,
                    birth_date=datetime.date(
                        self.rng.randint(1926, 1962), self.rng.randint(1, 12), self.rng.randint(1, 28)
                    ),
                    address=f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}",
                    postal_code="80000",
                    city="Amiens",
                    neighbourhood=self.rng.choice(self.neighbourhoods),
                    phone=self.phone(),
                    access_notes=self.rng.choice(
                        ["", "Code porte 1234B", "3e étage sans ascenseur", "Sonner longtemps"]
                    ),
                    best_times=self.rng.choice(["", "Le matin", "Après 14 h", "Pas le mercredi"]),
                    interests=self.rng.choice(
                        ["", "Jardinage, tricot", "Belote", "Chansons d'autrefois", "Football"]
                    ),
                    living_situation=self.rng.choice(Senior.LivingSituation.values),
                    source=source,
                    source_partner=self.rng.choice(self.partners)
                    if source == Senior.Source.PARTNER
                    else None,
                    source_detail="Boulangerie du quartier" if source == Senior.Source.FLYER else "",
                    identified_on=identified,
                    status=status,
                    closed_reason=self.rng.choice(Senior.ClosedReason.values)
                    if status == Senior.Status.CLOSED
                    else "",
                    status_changed_on=self.day_between(identified, self.today),
                    pair=pair,
                    visit_interval_days=self.rng.choice([14, 14, 14, 7, 21, 30]),
                    emergency_contact_name=self.rng.choice(["", "Fille", "Fils", "Voisine"]),
                )
            )
        self.seniors = Senior.objects.bulk_create(seniors, batch_size=2000)
        self.build_senior_history()

    def build_senior_history(self) -> None:
        changes, assignments, consents, register = [], [], [], []
        for senior in self.seniors:
            if senior.status != Senior.Status.IDENTIFIED:
                changes.append(
                    SeniorStatusChange(
                        senior=senior,
                        from_status=Senior.Status.IDENTIFIED,
                        to_status=senior.status,
                        closed_reason=senior.closed_reason,
                        changed_on=senior.status_changed_on,
                        reason="Ne souhaite pas de visites"
                        if senior.status == Senior.Status.DECLINED
                        else "",
                    )
                )
            if senior.pair:
                assignments.append(
                    Assignment(
                        senior=senior,
                        pair=senior.pair,
                        started_on=max(senior.identified_on, senior.pair.started_on),
                    )
                )
            if senior.status != Senior.Status.IDENTIFIED:
                consents.append(
                    Consent(
                        senior=senior,
                        decision=Consent.Decision.OBJECTION
                        if senior.status == Senior.Status.DECLINED
                        else Consent.Decision.CONSENT,
                        given_on=senior.identified_on + datetime.timedelta(days=7),
                        channel=self.rng.choice(Consent.Channel.values),
                        collected_by="Coordinatrice du réseau",
                    )
                )
            if senior.source == Senior.Source.REGISTER or self.rng.random() < 0.2:
                register.append(
                    RegisterEntry(
                        senior=senior,
                        register_id=f"REG-{senior.id:06d}",
                        basis=RegisterEntry.Basis.AGE_65,
                        requested_by=RegisterEntry.RequestedBy.SELF,
                        registered_on=senior.identified_on,
                        acknowledged_on=senior.identified_on + datetime.timedelta(days=5),
                        objected_on=senior.identified_on if self.rng.random() < 0.05 else None,
                    )
                )
        SeniorStatusChange.objects.bulk_create(changes, batch_size=5000)
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        Consent.objects.bulk_create(consents, batch_size=5000)
        RegisterEntry.objects.bulk_create(register, batch_size=5000)

    @staticmethod
    def by_first_day(seniors: list[Senior], first_day) -> tuple[list[datetime.date], list[Senior]]:
        ordered = sorted(seniors, key=first_day)
        return [first_day(s) for s in ordered], ordered

    def contact_on(self, pool: tuple[list[datetime.date], list[Senior]]) -> tuple[datetime.date, Senior]:
        first_days, seniors = pool
        day = self.day_between(first_days[0], self.today - datetime.timedelta(days=1))
        available = bisect.bisect_right(first_days, day)
        return day, seniors[self.rng.randrange(available)]

    def build_contacts(self) -> None:
        followed = [
            s for s in self.seniors if s.pair and s.status in (Senior.Status.FOLLOWED, Senior.Status.PAUSED)
        ]
        contacted = [s for s in self.seniors if s.status != Senior.Status.IDENTIFIED]
        visits_total = self.scale.visits_per_year * self.scale.years
        calls_total = self.scale.calls_per_year * self.scale.years
        visits, calls = [], []
        # A contact's day is drawn over the whole period, then a senior already followed that
        # day: activity grows with the caseload instead of piling up on late arrivals.
        visit_pool = self.by_first_day(
            followed, lambda s: max(self.start, s.identified_on, s.pair.started_on)
        )
        call_pool = self.by_first_day(contacted, lambda s: max(self.start, s.identified_on))
        for _ in range(visits_total):
            day, senior = self.contact_on(visit_pool)
            staff = self.rng.random() < 0.03
            visits.append(
                {
                    "uuid": uuid.UUID(int=self.rng.getrandbits(128)),
                    "senior_id": senior.id,
                    "pair_id": None if staff else senior.pair_id,
                    "visited_at": self.moment(day),
                    "duration_minutes": self.rng.choice([30, 45, 60, 60, 90]),
                    "kind": Visit.Kind.FOLLOW_UP.value,
                    "note": self.rng.choice(NOTES),
                    "next_visit_on": day + datetime.timedelta(days=senior.visit_interval_days),
                    "read_at": self.read_at(day),
                }
            )
        outcomes = Call.Outcome.values
        for _ in range(calls_total):
            day, senior = self.contact_on(call_pool)
            outcome = self.rng.choices(outcomes, weights=[60, 25, 3, 4, 8])[0]
            calls.append(
                {
                    "uuid": uuid.UUID(int=self.rng.getrandbits(128)),
                    "senior_id": senior.id,
                    "pair_id": senior.pair_id if senior.pair_id and self.rng.random() < 0.9 else None,
                    "called_at": self.moment(day),
                    "outcome": outcome,
                    "visit_booked_for": day + datetime.timedelta(days=7)
                    if outcome == Call.Outcome.VISIT_BOOKED
                    else None,
                }
            )
        # Stored in the order they happened, as the tablets send them: the tables' physical
        # order then follows the date indexes, as in a real database.
        visits.sort(key=lambda v: v["visited_at"])
        calls.sort(key=lambda c: c["called_at"])
        seen: set[int] = set()
        first_id = (Visit.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        for number, visit in enumerate(visits):
            visit["id"] = first_id + number
            if visit["senior_id"] not in seen:
                visit["kind"] = Visit.Kind.FIRST.value
                seen.add(visit["senior_id"])
        insert_rows(Visit, visits)
        insert_rows(Call, calls)
        self.build_visit_details(visits)

    def build_visit_details(self, visits: list[dict]) -> None:
        present, services, needs, proposals, alerts = [], [], [], [], []
        members = {p.id: (p.volunteer_a_id, p.volunteer_b_id) for p in self.pairs}
        need_kinds, answers, alert_kinds = Need.Kind.values, Proposal.Answer.values, Alert.Kind.values
        recent = self.now - datetime.timedelta(days=3)
        for visit in visits:
            visit_id, senior_id, visited_at = visit["id"], visit["senior_id"], visit["visited_at"]
            if visit["pair_id"]:
                for volunteer_id in members[visit["pair_id"]]:
                    present.append({"visit_id": visit_id, "volunteer_id": volunteer_id})
            roll = self.rng.random()
            if roll < 0.3:
                services.append({"visit_id": visit_id, "serviceoffer_id": self.rng.choice(self.services).id})
            day = visited_at.date()  # already in Paris time
            if roll < 0.15:
                needs.append(
                    {
                        "visit_id": visit_id,
                        "senior_id": senior_id,
                        "kind": self.rng.choice(need_kinds),
                        "noted_on": day,
                    }
                )
            if roll > 0.78:
                answer = self.rng.choice(answers)
                proposals.append(
                    {
                        "senior_id": senior_id,
                        "activity_id": self.rng.choice(self.activities).id,
                        "visit_id": visit_id,
                        "proposed_on": day,
                        "answer": answer,
                        "attended": self.rng.random() < 0.6 if answer == Proposal.Answer.ACCEPTED else None,
                    }
                )
            if roll > 0.992:
                handled = visited_at + datetime.timedelta(hours=self.rng.randint(2, 72))
                is_recent = visited_at > recent
                alerts.append(
                    {
                        "senior_id": senior_id,
                        "visit_id": visit_id,
                        "kind": self.rng.choice(alert_kinds),
                        "description": "Situation préoccupante signalée par le binôme.",
                        "raised_at": visited_at,
                        "due_at": visited_at + datetime.timedelta(hours=48),
                        "handled_at": None if is_recent else handled,
                        "outcome": "" if is_recent else "Appel de la coordinatrice, situation réglée.",
                    }
                )
        insert_rows(Visit.present.through, present)
        insert_rows(Visit.services_presented.through, services)
        insert_rows(Need, needs)
        insert_rows(Proposal, proposals)
        insert_rows(Alert, alerts)
        connection.ops.execute_sql_flush(
            connection.ops.sequence_reset_sql(no_style(), [Visit, Call, Need, Proposal, Alert])
        )

    def build_budgets(self) -> None:
        for year in range(self.start.year, self.today.year + 1):
            budget = Budget.objects.create(
                name=f"Visites à domicile {year}",
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 12, 31),
            )
            Funding.objects.bulk_create(
                [
                    Funding(budget=budget, source=Funding.Source.CCAS, amount=Decimal("30000")),
                    Funding(budget=budget, source=Funding.Source.COMMUNE, amount=Decimal("15000")),
                    Funding(budget=budget, source=Funding.Source.CNSA, amount=Decimal("8000")),
                    Funding(budget=budget, source=Funding.Source.CARSAT, amount=Decimal("7000")),
                ]
            )
            spent_ratio = Decimal("0.9") if year < self.today.year else Decimal("0.75")
            lines = [
                (ExpenseLine.Category.STAFF, "Animatrice du réseau (0,8 ETP)", Decimal("38000")),
                (
                    ExpenseLine.Category.TRAINING,
                    "Séminaire annuel et analyse de la pratique",
                    Decimal("6000"),
                ),
                (ExpenseLine.Category.VOLUNTEER_COSTS, "Frais de déplacement et assurance", Decimal("7000")),
                (ExpenseLine.Category.COMMUNICATION, "Flyers, affiches, film", Decimal("4000")),
                (ExpenseLine.Category.ACTIVITIES, "Café Relais et sorties", Decimal("5000")),
            ]
            ExpenseLine.objects.bulk_create(
                [
                    ExpenseLine(
                        budget=budget,
                        category=c,
                        label=label,
                        planned=amount,
                        spent=(amount * spent_ratio).quantize(Decimal("1")),
                    )
                    for c, label, amount in lines
                ]
            )
            Target.objects.get_or_create(year=year)

    def build_accounts(self) -> None:
        coordinator = User.objects.create_user(
            "coordinator",
            password=self.password,
            first_name="Claire",
            last_name="Vasseur",
            email="coordination@example.org",
            is_staff=True,
        )
        coordinator.groups.add(Group.objects.get(name=COORDINATOR))
        manager = User.objects.create_user(
            "manager",
            password=self.password,
            first_name="Hélène",
            last_name="Duchêne",
            email="direction@example.org",
        )
        manager.groups.add(Group.objects.get(name=MANAGER))
        pair = next(p for p in self.active_pairs if Senior.objects.filter(pair=p).exists())
        volunteer = User.objects.create_user(
            "volunteer",
            password=self.password,
            first_name=pair.volunteer_a.first_name,
            last_name=pair.volunteer_a.last_name,
        )
        volunteer.groups.add(Group.objects.get(name=VOLUNTEER))
        Volunteer.objects.filter(pk=pair.volunteer_a_id).update(user=volunteer)
