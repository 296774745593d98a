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
from seniors.models import AccessLog, RegisterEntry, Senior
from seniors.services import anonymise_senior
from tests.factories import CallFactory, SeniorFactory, UserFactory, VisitFactory, VolunteerFactory
from visits.models import Call
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
    assert "1 dossier senior anonymisé." in out.getvalue()


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
    assert out.getvalue().startswith("0 dossier senior anonymisé.")


# --- Declined, never reached, only on the register: each file under its own rule -------------


def months_ago(months: int) -> datetime.date:
    return months_before(timezone.localdate(), months)


def on_register(senior: Senior, left_on: datetime.date | None = None) -> Senior:
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=datetime.date(2020, 1, 1),
        left_on=left_on,
    )
    return senior


def declined_senior(months: int, **fields) -> Senior:
    return SeniorFactory(
        status=Senior.Status.DECLINED, status_changed_on=months_ago(months), pair=None, **fields
    )


def never_reached(months: int, **fields) -> Senior:
    senior = SeniorFactory(
        status=Senior.Status.IDENTIFIED, identified_on=months_ago(months), pair=None, **fields
    )
    CallFactory(senior=senior, pair=None, outcome=Call.Outcome.NO_ANSWER)
    return senior


def register_only(left_months_ago: int | None) -> Senior:
    senior = SeniorFactory(status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None)
    return on_register(senior, None if left_months_ago is None else months_ago(left_months_ago))


def anonymised_after_retention(*seniors: Senior) -> list[bool]:
    call_command("apply_retention", stdout=StringIO())
    for senior in seniors:
        senior.refresh_from_db()
    return [senior.is_anonymised for senior in seniors]


def test_a_declined_file_is_anonymised_counting_from_the_refusal(settings):
    settings.RETENTION_SENIOR_DECLINED_MONTHS = 24
    old, recent = declined_senior(25), declined_senior(23)
    assert anonymised_after_retention(old, recent) == [True, False]


def test_a_file_never_reached_is_anonymised_counting_from_its_entry_in_the_pipeline(settings):
    settings.RETENTION_SENIOR_NEVER_REACHED_MONTHS = 12
    silent = never_reached(13)
    reached_once = never_reached(13)
    CallFactory(senior=reached_once, pair=None, outcome=Call.Outcome.REACHED)
    recent = never_reached(11)
    assert anonymised_after_retention(silent, reached_once, recent) == [True, False, False]


def test_someone_only_on_the_register_is_kept_while_on_it_then_follows_the_register_rule(settings):
    settings.RETENTION_REGISTER_LEFT_MONTHS = 3
    still_on, left_long_ago, left_recently = register_only(None), register_only(4), register_only(2)
    assert anonymised_after_retention(still_on, left_long_ago, left_recently) == [False, True, False]


def test_a_programme_file_is_kept_while_the_person_is_on_the_register(settings):
    settings.RETENTION_SENIOR_DECLINED_MONTHS = 24
    kept = on_register(declined_senior(30))
    gone = on_register(declined_senior(30), left_on=months_ago(1))
    assert anonymised_after_retention(kept, gone) == [False, True]


def test_each_setting_moves_its_own_rule_only(settings):
    settings.RETENTION_SENIOR_CLOSED_MONTHS = 6
    settings.RETENTION_SENIOR_DECLINED_MONTHS = 48
    closed, declined = closed_senior(7), declined_senior(30)
    assert anonymised_after_retention(closed, declined) == [True, False]


def test_the_dry_run_lists_each_case_with_its_rule_and_dates(settings):
    settings.RETENTION_SENIOR_DECLINED_MONTHS = 24
    settings.RETENTION_SENIOR_NEVER_REACHED_MONTHS = 12
    settings.RETENTION_REGISTER_LEFT_MONTHS = 3
    declined, silent, left = declined_senior(25), never_reached(13), register_only(4)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert text.startswith("Simulation") and "3 dossiers seniors anonymisés." in text
    assert f"dossier n° {declined.pk} : refus le {months_ago(25):%d/%m/%Y}, conservé 24 mois" in text
    assert (
        f"dossier n° {silent.pk} : dans le programme depuis le {months_ago(13):%d/%m/%Y}, jamais joint"
        in text
    )
    assert f"dossier n° {left.pk} : seulement au registre, sorti le {months_ago(4):%d/%m/%Y}" in text
    assert declined.last_name not in text
    declined.refresh_from_db()
    assert not declined.is_anonymised


def test_anonymising_erases_the_third_party_who_asked_for_the_registration():
    senior = SeniorFactory()
    RegisterEntry.objects.create(
        senior=senior,
        register_id="R-12",
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.THIRD_PARTY,
        third_party="Mme Caron, sa fille",
        registered_on=datetime.date(2020, 1, 1),
    )
    anonymise_senior(senior)
    entry = RegisterEntry.objects.get(senior=senior)
    assert (entry.register_id, entry.third_party) == ("", "")
    assert not RegisterEntry.history.filter(senior_id=senior.pk).exists()
