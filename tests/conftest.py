"""The frozen clock, and role fixtures: a coordinator, a manager, and two volunteers each in their own pair.

Every test runs with the clock frozen at one fixed "today" (`TODAY`), so no test reads the real date.
`--now=2025-01-01T00:30` moves that "today" for the whole run; `--instants=all` runs each test marked
`clock` once at each boundary instant of `BOUNDARY_INSTANTS` (`make test-instants`). Instants are
Paris wall-clock times, or carry an explicit UTC offset to pick one side of a DST change.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db.models.signals import pre_save
from django.test import Client
from django.utils import timezone

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory
from visits.models import Call, Visit

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# A mid-month Wednesday afternoon. It must lie in the past: freezing Python's clock does not move
# PostgreSQL's now(), and the database refuses calls and visits later than its own now().
TODAY = "2026-05-13T15:00"

# Awkward "todays", all in the past for the same reason. A naive time is read in Paris with fold=0:
# 2026-03-29 02:30 does not exist (clocks jump from 02:00 to 03:00), and zoneinfo then keeps the
# offset in force before the jump (+01:00), so it is 01:30 UTC, that is 03:30 Paris summer time.
# 2025-10-26 02:30 happens twice: fold=0 is the first one (summer time, +02:00, 00:30 UTC); the
# second one (winter time, 01:30 UTC) is given with its offset.
BOUNDARY_INSTANTS = [
    "2025-01-01T00:30",
    "2025-12-01T00:30",
    "2025-12-01T11:59",
    "2025-06-30T23:30",
    "2024-02-29T12:00",
    "2026-03-29T02:30",
    "2025-10-26T02:30",
    "2025-10-26T02:30+01:00",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("clock", "frozen clock")
    group.addoption(
        "--now",
        default=TODAY,
        help=f"the frozen 'today' of every test, Paris time or with an offset (default {TODAY})",
    )
    group.addoption(
        "--instants",
        default="",
        help="'all' (the boundary instants) or comma-separated instants: each test marked clock runs at each",
    )


def parse_instant(text: str) -> datetime.datetime:
    instant = datetime.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=PARIS)
    return instant.astimezone(datetime.UTC)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    option = metafunc.config.getoption("--instants")
    if not option or metafunc.definition.get_closest_marker("clock") is None:
        return
    instants = BOUNDARY_INSTANTS if option == "all" else option.split(",")
    metafunc.parametrize("now_instant", instants, indirect=True, ids=[f"at-{i}" for i in instants])


@pytest.fixture
def now_instant(request: pytest.FixtureRequest) -> datetime.datetime:
    return parse_instant(getattr(request, "param", None) or request.config.getoption("--now"))


@pytest.fixture
def clock_ticks() -> bool:
    # Frozen still: a test sees the same now() from its first line to its last.
    return False


@pytest.fixture(autouse=True)
def frozen_clock(now_instant: datetime.datetime, clock_ticks: bool):
    with time_machine.travel(now_instant, tick=clock_ticks) as traveller:
        yield traveller


def _refuse_future_contact(sender: type, instance: Call | Visit, **kwargs) -> None:
    when = instance.called_at if sender is Call else instance.visited_at
    if when is not None and when > timezone.now():
        pytest.fail(
            f"{sender.__name__} saved at {timezone.localtime(when):%Y-%m-%d %H:%M}, after the frozen now "
            f"({timezone.localtime():%Y-%m-%d %H:%M}): the database would refuse it on some real day."
        )


@pytest.fixture(autouse=True)
def no_future_contacts(request: pytest.FixtureRequest):
    """Fail a test that saves a call or visit later than the frozen now.

    The database refuses contacts later than its own now(), which is the real clock, not the frozen
    one: without this guard a test could save a contact in its own future and pass on most real days
    (a visit at noon on the 1st, run at 09:00 on a 1st, is refused). Tests of that very refusal ask
    for `future_contacts_allowed`."""
    if "future_contacts_allowed" in request.fixturenames:
        yield
        return
    for model in (Call, Visit):
        pre_save.connect(_refuse_future_contact, sender=model, dispatch_uid=f"test-future-{model.__name__}")
    yield
    for model in (Call, Visit):
        pre_save.disconnect(sender=model, dispatch_uid=f"test-future-{model.__name__}")


@pytest.fixture
def future_contacts_allowed() -> None:
    """Lets a test save a contact after the frozen now, to check that the database refuses it."""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs half a second per login; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", role=COORDINATOR, is_staff=True)


@pytest.fixture
def manager(db):
    return UserFactory(username="direction", role=MANAGER)


def _pair_with_account(username: str):
    user = UserFactory(username=username, role=VOLUNTEER)
    pair = PairFactory(volunteer_a=VolunteerFactory(user=user))
    return user, pair


@pytest.fixture
def pair_a(db):
    return _pair_with_account("benevole_a")


@pytest.fixture
def pair_b(db):
    return _pair_with_account("benevole_b")


@pytest.fixture
def volunteer_a(pair_a):
    return pair_a[0]


@pytest.fixture
def volunteer_b(pair_b):
    return pair_b[0]


@pytest.fixture
def senior_of_a(pair_a):
    return SeniorFactory(pair=pair_a[1], first_name="Lucienne", last_name="Lefèvre-Dupré")


@pytest.fixture
def senior_of_b(pair_b):
    return SeniorFactory(pair=pair_b[1], first_name="Amadou", last_name="N'Diaye")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return client_for(coordinator)


@pytest.fixture
def manager_client(manager):
    return client_for(manager)


@pytest.fixture
def volunteer_a_client(volunteer_a):
    return client_for(volunteer_a)


def typed_moment(moment: datetime.datetime) -> str:
    """The date and time a person would type in a form for `moment` (Paris, to the minute).
    On the night the clocks change, an hour that happens twice or not at all is refused by
    every form (Django cannot tell which instant is meant), as a person would not type it:
    the moment is taken that much earlier, at the last hour that reads one way."""
    tz = timezone.get_current_timezone()
    while True:
        local = timezone.localtime(moment).replace(tzinfo=None)
        if local.replace(tzinfo=tz, fold=0).utcoffset() == local.replace(tzinfo=tz, fold=1).utcoffset():
            return local.strftime("%Y-%m-%dT%H:%M")
        moment -= datetime.timedelta(hours=1)
