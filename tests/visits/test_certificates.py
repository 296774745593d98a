"""What a volunteer gets back: their own hours (INDICATORS.md's "volunteer hours" for one
volunteer), the certificate of volunteering a coordinator issues (numbered, frozen, one per
form sent), and the request a volunteer makes from the tablet."""

import datetime
import html
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import CallFactory, SeniorFactory, UserFactory, VisitFactory
from tests.reports.test_exports import pdf_text
from visits.certificates import volunteer_record
from visits.indicators import volunteer_hours
from volunteers.models import Attendance, Certificate, CertificateRequest, Meeting, Volunteer
from volunteers.services import anonymise_volunteer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 13)
YEAR_START = datetime.date(2026, 1, 1)


def days_ago(days: int, hour: int = 10) -> datetime.datetime:
    day = TODAY - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def josiane(pair_a):
    """Volunteer A of pair A (signs in as `benevole_a`), with a known year: two visits she was
    at (60 and 90 minutes), one she was not at, two calls she logged (15 min and no length),
    one her partner logged, one a coordinator typed in, a training of 3 hours with two others
    and a meeting she missed."""
    user, pair = pair_a
    volunteer = pair.volunteer_a
    senior = SeniorFactory(pair=pair)
    for minutes, present in (
        (60, [volunteer, pair.volunteer_b]),
        (90, [volunteer]),
        (45, [pair.volunteer_b]),
    ):
        VisitFactory(senior=senior, visited_at=days_ago(10), duration_minutes=minutes).present.set(present)
    CallFactory(senior=senior, called_at=days_ago(5), duration_minutes=15, recorded_by=user)
    CallFactory(senior=senior, called_at=days_ago(4), duration_minutes=None, recorded_by=user)
    partner = UserFactory(username="partenaire")
    CallFactory(senior=senior, called_at=days_ago(3), duration_minutes=30, recorded_by=partner)
    CallFactory(
        senior=senior, called_at=days_ago(2), duration_minutes=20, recorded_by=UserFactory(username="c2")
    )
    training = Meeting.objects.create(
        kind=Meeting.Kind.INITIAL_TRAINING, title="Écoute et repérage", held_on=TODAY, duration_minutes=180
    )
    for person in (volunteer, pair.volunteer_b, Volunteer.objects.create(first_name="A", last_name="B")):
        Attendance.objects.create(meeting=training, volunteer=person)
    missed = Meeting.objects.create(
        kind=Meeting.Kind.MEETING, title="Réunion", held_on=TODAY, duration_minutes=60
    )
    Attendance.objects.create(meeting=missed, volunteer=pair.volunteer_b)
    return volunteer


def test_a_volunteers_hours_are_theirs_only(josiane):
    record = volunteer_record(josiane, YEAR_START, TODAY)
    # 60 + 90 minutes of visits, 15 of her own call, 180 of the training once: 5.75 h.
    assert (record.visits, record.calls, [m.title for m in record.meetings]) == (2, 2, ["Écoute et repérage"])
    assert (record.hours.minutes, str(record.hours.hours), record.hours.calls_without_duration) == (
        345,
        "5.8",
        1,
    )
    # The programme counts every volunteer present and every pair's call, hers among them.
    programme = volunteer_hours(YEAR_START, TODAY)
    assert programme.minutes == 60 * 2 + 90 + 45 + 15 + 30 + 20 + 180 * 3 + 60


def issue(client, volunteer, **fields):
    data = {
        "form_key": str(uuid.uuid4()),
        "starts_on": "2026-01-01",
        "ends_on": "2026-05-13",
        "activities": "Visites en binôme dans le quartier Saint-Leu.",
        "signatory_name": "Claire Martin",
        "signatory_title": "Coordinatrice du dispositif",
        "place": "Amiens",
        "issue": "1",
        **fields,
    }
    return client.post(reverse("visits:certificate_create", args=[volunteer.pk]), data), data


def test_a_certificate_is_numbered_frozen_and_reads_as_a_certificate(coordinator_client, josiane, pair_a):
    response, data = issue(coordinator_client, josiane)
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.number, certificate.visits, certificate.calls, str(certificate.hours)) == (
        "2026-0001",
        2,
        2,
        "5.8",
    )
    first = coordinator_client.get(reverse("visits:certificate_file", args=[certificate.pk]))
    assert first["Content-Type"] == "application/pdf"
    text = pdf_text(first.content)
    for expected in (
        "Attestation de bénévolat",
        "Claire Martin, Coordinatrice du dispositif",
        f"certifie que {josiane.full_name} a participé bénévolement",
        "du 1 janvier 2026 au 13 mai 2026",
        "5,8 h",
        "Écoute et repérage",
        "Visites en binôme dans le quartier Saint-Leu.",
        "Fait à Amiens, le 13 mai 2026",
        "Attestation n° 2026-0001",
    ):
        assert expected in text
    # A visit corrected or added later does not change what was issued.
    VisitFactory(senior=SeniorFactory(pair=pair_a[1]), visited_at=days_ago(1)).present.add(josiane)
    again = coordinator_client.get(reverse("visits:certificate_file", args=[certificate.pk]))
    assert pdf_text(again.content) == text
    issue(coordinator_client, josiane)
    assert list(Certificate.objects.order_by("number").values_list("number", "visits")) == [
        ("2026-0001", 2),
        ("2026-0002", 3),
    ]


def test_the_same_form_sent_twice_issues_one_certificate(coordinator_client, josiane):
    _first, data = issue(coordinator_client, josiane)
    again = coordinator_client.post(reverse("visits:certificate_create", args=[josiane.pk]), data)
    assert again.status_code == 302 and Certificate.objects.count() == 1


def test_showing_the_figures_for_another_period_issues_nothing(coordinator_client, josiane):
    response, _data = issue(coordinator_client, josiane, starts_on="2026-05-10", issue="", preview="1")
    assert response.status_code == 200 and not Certificate.objects.exists()
    content = response.content.decode()
    assert "du 10/05/2026 au 13/05/2026" in content  # the figures of the period typed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"ends_on": "2026-05-14"},
            "Une attestation porte sur ce qui a été fait : cette date est dans le futur.",
        ),
        ({"starts_on": "2026-05-13", "ends_on": "2026-01-01"}, "La période se termine avant de commencer."),
        ({"starts_on": "31/02/2026"}, "Saisissez une date valide."),
        ({"place": ""}, "Ce champ est obligatoire."),
        ({"activities": "x" * 1001}, "au plus 1000 caractères"),
        ({"form_key": "pas-un-identifiant", "ends_on": "demain"}, "Saisissez une date valide."),
    ],
)
def test_a_wrong_form_says_why_in_french_and_issues_nothing(coordinator_client, josiane, fields, message):
    response, _data = issue(coordinator_client, josiane, **fields)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\u00a0", " ").replace("&#x27;", "'")
    assert not Certificate.objects.exists()


def test_a_volunteer_asks_once_and_gets_the_certificate_on_the_tablet(
    volunteer_a_client, coordinator_client, josiane
):
    page = volunteer_a_client.get(reverse("visits:my_volunteering"))
    content = page.content.decode()
    assert "Mon bénévolat" in content and "Écoute et repérage" in content
    ask = reverse("visits:certificate_request")
    volunteer_a_client.post(ask, {"purpose": "Mon dossier de VAE"})
    twice = volunteer_a_client.post(ask, {"purpose": "Mon dossier de VAE"}, follow=True)
    assert "Votre demande était déjà envoyée" in twice.content.decode()
    assert CertificateRequest.objects.open().count() == 1
    listed = html.unescape(coordinator_client.get(reverse("visits:certificate_list")).content.decode())
    assert "Mon dossier de VAE" in listed and josiane.full_name in listed
    issue(coordinator_client, josiane)
    handled = CertificateRequest.objects.get()
    assert handled.handled_at is not None and handled.certificate == Certificate.objects.get()
    mine = volunteer_a_client.get(reverse("visits:my_volunteering")).content.decode()
    assert "Télécharger l’attestation n° 2026-0001" in mine
    own = volunteer_a_client.get(reverse("visits:certificate_file", args=[handled.certificate.pk]))
    assert own.status_code == 200 and josiane.full_name in pdf_text(own.content)


def test_a_certificate_is_its_volunteers_and_the_coordinators_only(
    coordinator_client, manager_client, josiane, volunteer_b
):
    issue(coordinator_client, josiane)
    url = reverse("visits:certificate_file", args=[Certificate.objects.get().pk])
    assert client_for(volunteer_b).get(url).status_code == 404
    assert manager_client.get(url).status_code == 403
    assert client_for(volunteer_b).get(reverse("visits:certificate_file", args=[999])).status_code == 404


def test_a_paused_volunteer_has_no_page_of_their_own_on_the_tablet(volunteer_a_client, josiane):
    Volunteer.objects.filter(pk=josiane.pk).update(status=Volunteer.Status.PAUSED)
    assert volunteer_a_client.get(reverse("visits:my_volunteering")).status_code == 404
    assert volunteer_a_client.post(reverse("visits:certificate_request")).status_code == 404
    assert not CertificateRequest.objects.exists()


def test_a_request_too_long_is_refused_in_french(volunteer_a_client, josiane):
    response = volunteer_a_client.post(
        reverse("visits:certificate_request"), {"purpose": "x" * 201}, follow=True
    )
    assert "au plus 200 caractères" in response.content.decode()
    assert not CertificateRequest.objects.exists()


def test_anonymising_the_volunteer_keeps_the_number_and_erases_what_was_said(coordinator_client, josiane):
    issue(coordinator_client, josiane)
    CertificateRequest.objects.create(volunteer=josiane, purpose="Pour mon CV, Josiane")
    anonymise_volunteer(josiane)
    certificate = Certificate.objects.get()
    assert (certificate.number, certificate.activities) == ("2026-0001", "")
    assert CertificateRequest.objects.get().purpose == ""
    issue(coordinator_client, josiane)
    assert Certificate.objects.order_by("-number").first().number == "2026-0002"
