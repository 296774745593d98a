import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import Senior
from tests.factories import ActivityFactory, SeniorFactory, UserFactory
from visits.models import Alert, Call, Need, Proposal, Visit
from visits.services import AlertInput, NeedInput, ProposalInput, VisitInput, record_call, record_visit

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def visit_input(senior, pair, **overrides) -> VisitInput:
    values = dict(
        senior=senior,
        pair=pair,
        visited_at=timezone.now() - datetime.timedelta(hours=1),
        duration_minutes=45,
        present=[pair.volunteer_a],
        uuid=uuid.uuid4(),
    )
    values.update(overrides)
    return VisitInput(**values)


def test_the_same_visit_sent_twice_is_stored_once(pair_a, senior_of_a, volunteer_a):
    data = visit_input(senior_of_a, pair_a[1])
    first, created = record_visit(data, by=volunteer_a)
    again, created_again = record_visit(data, by=volunteer_a)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Visit.objects.count() == 1


def test_the_same_call_sent_twice_is_stored_once(pair_a, senior_of_a, volunteer_a):
    key = uuid.uuid4()
    for _ in range(3):
        record_call(
            senior=senior_of_a, pair=pair_a[1], by=volunteer_a, outcome=Call.Outcome.NO_ANSWER, uuid=key
        )
    assert Call.objects.count() == 1


def test_a_visit_stores_proposals_needs_and_raises_an_alert_mailed_to_coordinators(
    pair_a, senior_of_a, volunteer_a, django_capture_on_commit_callbacks
):
    UserFactory(username="claire", email="claire@ccas.example", role=COORDINATOR)
    activity = ActivityFactory(name="Café Relais")
    data = visit_input(
        senior_of_a,
        pair_a[1],
        proposals=[ProposalInput(activity=activity, answer=Proposal.Answer.ACCEPTED)],
        needs=[NeedInput(kind=Need.Kind.SHOPPING, note="Courses difficiles")],
        alert=AlertInput(kind=Alert.Kind.NO_FOOD, description="Réfrigérateur vide"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = record_visit(data, by=volunteer_a)
    assert visit.proposals.get().answer == Proposal.Answer.ACCEPTED
    assert visit.needs.get().kind == Need.Kind.SHOPPING
    alert = Alert.objects.get()
    assert alert.visit == visit and alert.is_open
    assert alert.due_at - alert.raised_at == datetime.timedelta(hours=24)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire@ccas.example"]
    assert mail.outbox[0].subject == "Alerte urgente\u00a0: Pas de nourriture"
    assert senior_of_a.last_name not in mail.outbox[0].body


def test_first_contacts_move_a_new_file_along_its_lifecycle(pair_a, volunteer_a):
    senior = SeniorFactory(pair=pair_a[1], status=Senior.Status.IDENTIFIED)
    record_call(senior=senior, pair=pair_a[1], by=volunteer_a, outcome=Call.Outcome.NO_ANSWER)
    senior.refresh_from_db()
    assert senior.status == Senior.Status.IDENTIFIED
    record_call(senior=senior, pair=pair_a[1], by=volunteer_a, outcome=Call.Outcome.REACHED)
    senior.refresh_from_db()
    assert senior.status == Senior.Status.CONTACTED
    record_visit(visit_input(senior, pair_a[1]), by=volunteer_a)
    senior.refresh_from_db()
    assert senior.status == Senior.Status.FOLLOWED


def test_an_invalid_visit_saves_nothing(pair_a, senior_of_a, volunteer_a):
    data = visit_input(senior_of_a, pair_a[1], visited_at=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(Exception):  # noqa: B017 - ValidationError, asserted by the count below
        record_visit(data, by=volunteer_a)
    assert Visit.objects.count() == 0
