import datetime

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from reports.models import Budget, ExpenseLine, Funding
from seniors.models import Partner, Senior
from visits.models import Activity, Alert, Call, Visit
from volunteers.models import CharterSignature, CharterVersion, Neighbourhood, Pair, Volunteer


def days_ago(days: int) -> datetime.date:
    """A Paris date before the frozen "today", read when the object is built (not at import)."""
    return timezone.localdate() - datetime.timedelta(days=days)


# Default history of a record, relative to "today" and in this order, so that at any instant the
# charter is published before a volunteer joins, trains and signs, pairs form after that and their
# seniors are identified after that, all more than two years ago (before last year's periods).
PUBLISHED, JOINED, SIGNED, TRAINED, PAIRED, IDENTIFIED = 1000, 900, 891, 886, 870, 840


def lazy_days_ago(days: int) -> factory.LazyFunction:
    return factory.LazyFunction(lambda: days_ago(days))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = "Durand"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs) -> None:
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        self.save()


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ["name"]

    name = factory.Iterator(["Saint-Leu", "Henriville", "Étouvie"])


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    first_name = factory.Iterator(["Josiane", "Amadou", "Hélène", "Jean-Pierre"])
    last_name = factory.Iterator(["Lefèvre", "N'Diaye", "de La Tour", "Dupré"])
    kind = Volunteer.Kind.SENIOR
    status = Volunteer.Status.ACTIVE
    joined_on = lazy_days_ago(JOINED)
    initial_training_on = lazy_days_ago(TRAINED)
    insurance_or_agreement_on = lazy_days_ago(TRAINED)


class CharterSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterSignature

    volunteer = factory.SubFactory(VolunteerFactory)
    version = factory.LazyFunction(
        lambda: CharterVersion.objects.get_or_create(
            label="2024", defaults={"published_on": days_ago(PUBLISHED), "text": "Charte"}
        )[0]
    )
    signed_on = lazy_days_ago(SIGNED)


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    volunteer_a = factory.SubFactory(VolunteerFactory)
    volunteer_b = factory.SubFactory(VolunteerFactory)
    started_on = lazy_days_ago(PAIRED)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Centre social {n}")
    kind = Partner.Kind.SOCIAL_CENTRE


class SeniorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Senior

    first_name = "Odette"
    last_name = factory.Sequence(lambda n: f"Caron{chr(97 + n % 26)}")
    birth_date = datetime.date(1938, 5, 17)
    sex = Senior.Sex.FEMALE
    address = "12 rue Saint-Leu"
    postal_code = "80000"
    city = "Amiens"
    phone = "+33612345678"
    source = Senior.Source.FLYER
    identified_on = lazy_days_ago(IDENTIFIED)
    status = Senior.Status.FOLLOWED


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    senior = factory.SubFactory(SeniorFactory)
    pair = factory.SelfAttribute("senior.pair")
    called_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    outcome = Call.Outcome.REACHED


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    senior = factory.SubFactory(SeniorFactory)
    pair = factory.SelfAttribute("senior.pair")
    visited_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    duration_minutes = 60


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    name = factory.Sequence(lambda n: f"Café Relais {n}")
    kind = Activity.Kind.CAFE


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    senior = factory.SubFactory(SeniorFactory)
    kind = Alert.Kind.FALL
    description = "Chute dans l'escalier"
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=24))


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    name = "Budget 2025"
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 12, 31)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    budget = factory.SubFactory(BudgetFactory)
    source = Funding.Source.CCAS
    amount = 60000


class ExpenseLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseLine

    budget = factory.SubFactory(BudgetFactory)
    category = ExpenseLine.Category.STAFF
    label = "Animatrice"
    planned = 40000
    spent = 10000
