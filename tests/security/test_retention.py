import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ccas_visits.lib.dates import months_before
from ccas_visits.lib.permissions import VOLUNTEER
from reports.bilan.counts import tally
from reports.bilan.progress import key_figures
from reports.periods import Period
from seniors.models import AccessLog, Senior
from seniors.services import anonymise_senior
from tests.factories import CallFactory, SeniorFactory, UserFactory, VisitFactory, VolunteerFactory
from volunteers.models import Volunteer

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def closed_senior(months_ago: int, **fields) -> Senior:
    changed = months_before(timezone.localdate(), months_ago)
    return SeniorFactory(
        status=Senior.Status.CLOSED,
        closed_reason=Senior.ClosedReason.MOVED,
        status_changed_on=changed,
        **fields,
    )


def test_anonymising_erases_identity_contact_and_free_text(senior_of_a, volunteer_a):
    senior_of_a.health_notes = "Diabète"
    senior_of_a.save()
    visit = VisitFactory(senior=senior_of_a, note="Parle de sa fille Martine")
    CallFactory(senior=senior_of_a, note="Rappeler au 06 11 22 33 44")
    anonymise_senior(senior_of_a)
    senior_of_a.refresh_from_db()
    assert (senior_of_a.first_name, senior_of_a.last_name) == ("Anonyme", "Anonyme")
    assert senior_of_a.address == senior_of_a.phone == senior_of_a.health_notes == ""
    assert senior_of_a.is_anonymised
    visit.refresh_from_db()
    assert visit.note == ""
    assert senior_of_a.calls.get().note == ""
    # The audit history held the former values: it goes too.
    assert not Senior.history.filter(id=senior_of_a.pk).exclude(last_name="Anonyme").exists()
    assert not Senior.objects.visible_to(volunteer_a).exists()


def test_anonymising_leaves_every_figure_unchanged(senior_of_a):
    VisitFactory.create_batch(3, senior=senior_of_a)
    CallFactory.create_batch(2, senior=senior_of_a)
    today = timezone.localdate()
    period = Period.half_year_of(today)
    before = key_figures(period, today), tally(period)
    anonymise_senior(senior_of_a)
    assert (key_figures(period, today), tally(period)) == before


def test_retention_anonymises_only_files_closed_longer_than_the_period(settings):
    settings.RETENTION_SENIOR_CLOSED_MONTHS = 24
    old = closed_senior(25, last_name="Delattre")
    recent = closed_senior(23, last_name="Caron")
    open_file = SeniorFactory(last_name="Masson")
    out = StringIO()
    call_command("apply_retention", stdout=out)
    old.refresh_from_db(), recent.refresh_from_db(), open_file.refresh_from_db()
    assert old.is_anonymised and not recent.is_anonymised and not open_file.is_anonymised
    assert "1 dossier(s) senior" in out.getvalue()


def test_retention_dry_run_changes_nothing():
    old = closed_senior(30)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    old.refresh_from_db()
    assert not old.is_anonymised
    assert out.getvalue().startswith("Simulation")


def test_retention_anonymises_volunteers_gone_long_ago_and_closes_their_account(settings):
    settings.RETENTION_VOLUNTEER_LEFT_MONTHS = 12
    user = UserFactory(username="josiane", role=VOLUNTEER)
    today = timezone.localdate()
    gone = VolunteerFactory(
        user=user,
        status=Volunteer.Status.LEFT,
        joined_on=datetime.date(2020, 1, 1),
        left_on=months_before(today, 13),
    )
    recent = VolunteerFactory(status=Volunteer.Status.LEFT, left_on=months_before(today, 2))
    call_command("apply_retention", stdout=StringIO())
    gone.refresh_from_db(), recent.refresh_from_db(), user.refresh_from_db()
    assert gone.last_name == "Anonyme" and gone.email == ""
    assert recent.anonymised_at is None
    assert not user.is_active and not user.has_usable_password() and user.username != "josiane"


def test_retention_deletes_access_logs_past_their_period_and_is_safe_to_run_again(settings, coordinator):
    settings.RETENTION_ACCESS_LOG_MONTHS = 12
    old = AccessLog.objects.create(
        user=coordinator, action=AccessLog.Action.EXPORT, at=timezone.now() - datetime.timedelta(days=400)
    )
    kept = AccessLog.objects.create(user=coordinator, action=AccessLog.Action.EXPORT)
    closed_senior(30)
    call_command("apply_retention", stdout=StringIO())
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=kept.pk).exists()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().startswith("0 dossier(s) senior")
