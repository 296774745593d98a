import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from ccas_visits.lib.permissions import role_of
from seniors.models import Senior
from visits.models import Visit
from volunteers.models import Pair, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo", "--seed", "7", "--password", "pw-demo")
    return capsys.readouterr().out


def test_seed_creates_a_town_sized_programme(seeded):
    assert Volunteer.objects.count() == 90
    assert Pair.objects.count() == 45
    # 130 files in the programme, and 21 people only on the register, not yet approached.
    assert Senior.objects.count() == 151
    assert Senior.objects.on_register_only().count() == 21
    assert Senior.objects.filter(source="register").exclude(approach_channel="").exclude(status="register")
    assert Visit.objects.count() == 5200
    assert set(Senior.objects.values_list("source", flat=True)) == set(Senior.Source.values)
    assert set(Volunteer.objects.values_list("kind", flat=True)) == set(Volunteer.Kind.values)
    assert "coordinator" in seeded and "volunteer" in seeded and "manager" in seeded


def test_seed_creates_the_three_demo_accounts_with_their_roles(seeded, rf):
    for username in ["coordinator", "volunteer", "manager"]:
        user = authenticate(rf.post("/connexion/"), username=username, password="pw-demo")
        assert user is not None
        assert role_of(user) == username
    volunteer = authenticate(rf.post("/connexion/"), username="volunteer", password="pw-demo")
    assert Senior.objects.visible_to(volunteer).exists()


def test_seed_refuses_a_database_that_holds_data(seeded):
    with pytest.raises(CommandError, match="contient déjà des données"):
        call_command("seed_demo")
    assert Senior.objects.count() == 151


def test_seed_is_deterministic(seeded):
    first = list(Senior.objects.order_by("id").values_list("last_name", "birth_date"))
    visits = list(Visit.objects.order_by("id").values_list("uuid", "senior__last_name", "visited_at", "note"))
    call_command("seed_demo", "--seed", "7", "--force")
    assert list(Senior.objects.order_by("id").values_list("last_name", "birth_date")) == first
    assert (
        list(Visit.objects.order_by("id").values_list("uuid", "senior__last_name", "visited_at", "note"))
        == visits
    )


def test_seed_can_hold_fewer_years_at_the_same_yearly_volume():
    call_command("seed_demo", "--years", "1")
    assert Visit.objects.count() == 2600
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    assert not Visit.objects.filter(visited_at__date__lt=year_ago).exists()
    # Every visit by a pair has its two volunteers present; the first one of a senior is marked so.
    visit = Visit.objects.exclude(pair=None).select_related("pair").first()
    assert set(visit.present.values_list("pk", flat=True)) == {
        visit.pair.volunteer_a_id,
        visit.pair.volunteer_b_id,
    }
    assert (
        Visit.objects.filter(kind=Visit.Kind.FIRST).count()
        == Visit.objects.values("senior").distinct().count()
    )
    with pytest.raises(CommandError):
        call_command("seed_demo", "--years", "0", "--force")


def test_the_demo_shows_a_replaced_member_a_civic_service_mission_and_a_partner_association(seeded):
    replaced = [pair for pair in Pair.objects.all() if pair.memberships.count() > 2]
    assert len(replaced) == 1
    assert replaced[0].ended_on is None and replaced[0].seniors.exists()
    assert Volunteer.objects.filter(kind="civic_service", mission_ends_on__isnull=False).exists()
    assert Volunteer.objects.mission_ending(timezone.localdate()).exists()
    assert Volunteer.objects.filter(kind="association", association__name="Entr'âges").exists()
