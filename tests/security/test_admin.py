"""The Django admin is no second path around the workflows: what a workflow owns (a senior's
pair and status, assignments, status changes, a pair's end, contacts, alerts, campaign lists)
is shown there, never written, and opening a file there is in the access log."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from seniors.models import AccessLog, Assignment, Senior, SeniorStatusChange
from visits.models import Call, Visit
from volunteers.models import Pair, Volunteer, VolunteerStatusChange

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """What the browser would send back from the admin change page, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = field.widget.format_value(value)
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[inline_form.add_prefix(name)] = value
    return data


def senior_change_url(senior: Senior) -> str:
    return reverse("admin:seniors_senior_change", args=[senior.pk])


def test_a_coordinator_posting_the_admin_change_form_cannot_change_a_seniors_pair(
    coordinator_client, senior_of_a, pair_b
):
    pair_a = senior_of_a.pair
    data = change_form_data(coordinator_client.get(senior_change_url(senior_of_a)))
    data.update(
        pair=str(pair_b[1].pk), status=Senior.Status.CLOSED, closed_reason="deceased", city="Abbeville"
    )
    response = coordinator_client.post(senior_change_url(senior_of_a), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    senior_of_a.refresh_from_db()
    assert senior_of_a.city == "Abbeville"  # the rest of the file is still edited there
    assert senior_of_a.pair == pair_a and senior_of_a.status != Senior.Status.CLOSED
    assert not Assignment.objects.filter(senior=senior_of_a, pair=pair_b[1]).exists()


def test_the_admin_shows_assignments_and_status_changes_but_cannot_add_change_or_delete_them(
    coordinator, senior_of_a
):
    request = RequestFactory().get("/")
    request.user = coordinator
    for model, inline_models in [
        (Senior, {Assignment, SeniorStatusChange}),
        (Volunteer, {VolunteerStatusChange}),
    ]:
        obj = senior_of_a if model is Senior else Volunteer.objects.first()
        inlines = [
            i
            for i in admin.site._registry[model].get_inline_instances(request, obj)
            if i.model in inline_models
        ]
        assert {i.model for i in inlines} == inline_models
        for inline in inlines:
            assert inline.has_view_permission(request, obj)
            assert not inline.has_add_permission(request, obj)
            assert not inline.has_change_permission(request, obj)
            assert not inline.has_delete_permission(request, obj)


def test_posting_a_new_assignment_inline_in_the_admin_creates_none(coordinator_client, senior_of_a, pair_b):
    data = change_form_data(coordinator_client.get(senior_change_url(senior_of_a)))
    data.update(
        {
            "assignments-TOTAL_FORMS": "1",
            "assignments-INITIAL_FORMS": "0",
            "assignments-0-pair": str(pair_b[1].pk),
            "assignments-0-started_on": "01/02/2025",
        }
    )
    coordinator_client.post(senior_change_url(senior_of_a), data)
    assert not Assignment.objects.filter(senior=senior_of_a).exists()


def test_a_coordinator_cannot_end_a_pair_or_swap_its_members_in_the_admin(coordinator_client, pair_a, pair_b):
    pair = pair_a[1]
    url = reverse("admin:volunteers_pair_change", args=[pair.pk])
    data = change_form_data(coordinator_client.get(url))
    data.update(
        ended_on="01/03/2025", end_reason="Fin", volunteer_a=str(pair_b[1].volunteer_a_id), name="Nouveau nom"
    )
    assert coordinator_client.post(url, data).status_code == 302
    pair.refresh_from_db()
    assert pair.name == "Nouveau nom"
    assert pair.ended_on is None and pair.end_reason == "" and pair.volunteer_a == pair_a[0].volunteer


@pytest.mark.parametrize("model", [Senior, Pair, Call, Visit], ids=["senior", "pair", "call", "visit"])
def test_records_a_workflow_creates_cannot_be_added_in_the_admin(coordinator_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    assert coordinator_client.get(url).status_code == 403


def test_calls_and_visits_are_shown_in_the_admin_but_corrected_on_their_own_page(
    coordinator_client, senior_of_a
):
    call = Call.objects.create(
        senior=senior_of_a,
        outcome=Call.Outcome.REACHED,
        called_at=datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC),
    )
    url = reverse("admin:visits_call_change", args=[call.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert coordinator_client.post(url, {"outcome": Call.Outcome.NO_ANSWER}).status_code == 403
    call.refresh_from_db()
    assert call.outcome == Call.Outcome.REACHED


def test_opening_a_seniors_file_in_the_admin_is_in_the_access_log(
    coordinator_client, coordinator, senior_of_a
):
    assert coordinator_client.get(senior_change_url(senior_of_a)).status_code == 200
    assert AccessLog.objects.filter(
        user=coordinator, senior=senior_of_a, action=AccessLog.Action.VIEW_SENIOR
    ).exists()
