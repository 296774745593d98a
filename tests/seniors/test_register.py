"""The vulnerability register and the visiting programme, kept apart: what a register import
does to the queues, the approach that brings someone into the programme, the register's
own life from the senior's page, and what an objection stops."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from seniors.imports import import_seniors
from seniors.models import Consent, RegisterEntry, Senior
from seniors.services import assign_pair
from tests.factories import SeniorFactory
from tests.imports.conftest import HEADERS, make_csv
from visits.models import Campaign, CampaignEntry
from visits.services import campaign_candidates

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def register_rows(count: int) -> list[list[str]]:
    return [
        [
            f"Dumoulin{chr(97 + i // 26)}{chr(97 + i % 26)}",
            "Jeanne",
            "01/02/1940",
            f"{i} rue Saint-Leu",
            "80000",
            "Amiens",
            "",
        ]
        for i in range(count)
    ]


def import_register(rows, *, headers=HEADERS, user=None):
    return import_seniors(
        make_csv(rows, headers=headers), file_name="registre.csv", source="register", user=user
    )


def on_register(**fields) -> Senior:
    senior = SeniorFactory(**fields)
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=ago(60),
    )
    return senior


def register_only(**fields) -> Senior:
    return on_register(status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None, **fields)


def objection(senior: Senior, day: datetime.date | None = None) -> Consent:
    return Consent.objects.create(
        senior=senior,
        decision=Consent.Decision.OBJECTION,
        given_on=day or ago(1),
        channel=Consent.Channel.WRITTEN,
        collected_by="Claire Vasseur",
    )


# --- 1. From the register to the programme ---------------------------------------------------


def test_register_import_leaves_the_waiting_queue_unchanged(coordinator, coordinator_client):
    SeniorFactory(pair=None, status=Senior.Status.IDENTIFIED)
    today = timezone.localdate()
    waiting = Senior.objects.waiting_for_pair().count()
    new = Senior.objects.new_between(today, today).count()
    report = import_register(register_rows(20), user=coordinator)
    assert report.written and report.counts["create"] == 20
    assert Senior.objects.waiting_for_pair().count() == waiting == 1
    assert Senior.objects.new_between(today, today).count() == new
    assert Senior.objects.on_register_only().count() == 20
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "20 personnes inscrites au registre, pas encore approchées" in page
    assert "1 senior attend un binôme" in page


def test_the_register_only_list_shows_those_people_and_only_them(coordinator_client):
    register_only(last_name="Dumoulin")
    SeniorFactory(last_name="Lemaire", pair=None, status=Senior.Status.IDENTIFIED)
    page = coordinator_client.get(reverse("seniors:senior_list"), {"register_only": "on"}).content.decode()
    assert "Dumoulin" in page and "Lemaire" not in page
    waiting = coordinator_client.get(reverse("seniors:senior_list"), {"waiting": "on"}).content.decode()
    assert "Lemaire" in waiting and "Dumoulin" not in waiting


def test_approaching_brings_the_person_into_the_pipeline_with_date_and_channel(coordinator_client):
    senior = register_only()
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert "Inscrit au registre, pas encore approché" in page and "Enregistrer l’approche" in page
    response = coordinator_client.post(
        reverse("seniors:senior_approach", args=[senior.pk]),
        {"on": ago(3).isoformat(), "channel": "letter", "note": "Courrier de présentation"},
    )
    assert response.status_code == 302
    senior.refresh_from_db()
    assert (senior.status, senior.identified_on, senior.approach_channel) == ("identified", ago(3), "letter")
    assert senior.status_changes.get().reason == "Courrier de présentation"
    assert Senior.objects.waiting_for_pair().filter(pk=senior.pk).exists()
    assert Senior.objects.new_between(ago(3), ago(3)).filter(pk=senior.pk).exists()


def test_an_approach_needs_a_channel_and_a_past_date(coordinator_client):
    senior = register_only()
    url = reverse("seniors:senior_approach", args=[senior.pk])
    page = coordinator_client.post(url, {"on": (ago(-2)).isoformat(), "channel": ""}).content.decode()
    assert "Cette date est dans le futur." in page and "Ce champ est obligatoire." in page
    senior.refresh_from_db()
    assert senior.status == Senior.Status.REGISTER_ONLY


def test_a_file_already_in_the_programme_cannot_be_approached_again(coordinator_client, senior_of_a):
    url = reverse("seniors:senior_approach", args=[senior_of_a.pk])
    page = coordinator_client.post(url, {"on": ago(1).isoformat(), "channel": "call"}).content.decode()
    assert "Ce dossier est déjà dans le programme." in page


def test_someone_only_on_the_register_cannot_be_given_a_pair(coordinator, pair_a):
    senior = register_only()
    with pytest.raises(ValidationError, match="approche"):
        assign_pair(senior=senior, pair=pair_a[1], by=coordinator)


def test_the_heatwave_campaign_still_calls_everyone_on_the_register_who_has_not_objected():
    waiting_on_register = register_only(last_name="Registre")
    in_programme = on_register(last_name="Programme")
    objector = register_only(last_name="Opposant")
    objector.register_entry.objected_on = ago(2)
    objector.register_entry.save()
    assert set(campaign_candidates()) == {waiting_on_register, in_programme}


# --- 2. The register's own life, from the senior's page --------------------------------------


def test_a_third_party_request_in_writing_is_recorded_from_the_page(coordinator_client, coordinator):
    senior = SeniorFactory()
    url = reverse("seniors:senior_register", args=[senior.pk])
    data = {
        "basis": "age_65",
        "requested_by": "third_party",
        "third_party": "",
        "registered_on": ago(10).isoformat(),
    }
    page = coordinator_client.post(url, data).content.decode()
    assert "Indiquez qui a fait la demande par écrit." in page
    assert not RegisterEntry.objects.exists()
    response = coordinator_client.post(url, data | {"third_party": "Mme Caron, sa fille"})
    assert response.status_code == 302
    entry = RegisterEntry.objects.get(senior=senior)
    assert entry.third_party == "Mme Caron, sa fille"
    assert entry.history.get().history_user == coordinator
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert "Modifications de l’inscription au registre" in page and "Demande écrite de Mme Caron" in page


def test_an_acknowledgement_not_sent_after_8_days_is_shown_overdue(coordinator_client):
    late = on_register(last_name="Enretard")
    RegisterEntry.objects.filter(senior=late).update(registered_on=ago(9))
    recent = on_register(last_name="Recent")
    RegisterEntry.objects.filter(senior=recent).update(registered_on=ago(8))
    done = on_register(last_name="Accuse")
    RegisterEntry.objects.filter(senior=done).update(registered_on=ago(30), acknowledged_on=ago(25))
    page = coordinator_client.get(
        reverse("seniors:senior_list"), {"acknowledgement_overdue": "on"}
    ).content.decode()
    assert "Enretard" in page and "Recent" not in page and "Accuse" not in page
    detail = coordinator_client.get(reverse("seniors:senior_detail", args=[late.pk])).content.decode()
    assert f"Accusé de réception à envoyer avant le {ago(1):%d/%m/%Y}" in detail
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "1 accusé de réception du registre en retard" in dashboard


def test_acknowledgement_objection_and_leaving_dates_are_checked(coordinator_client):
    senior = on_register()
    url = reverse("seniors:senior_register", args=[senior.pk])
    data = {
        "basis": "age_65",
        "requested_by": "self",
        "registered_on": ago(60).isoformat(),
        "acknowledged_on": ago(61).isoformat(),
        "objected_on": ago(-1).isoformat(),
    }
    page = coordinator_client.post(url, data).content.decode()
    assert "Cette date est antérieure à l’inscription." in page
    assert "Cette date est dans le futur." in page
    senior.register_entry.refresh_from_db()
    assert senior.register_entry.acknowledged_on is None


def test_an_import_carries_an_objection_and_a_leaving_date():
    headers = [*HEADERS, "Date d'inscription", "Date d'opposition", "Date de sortie"]
    rows = register_rows(2)
    rows[0] += [f"{ago(60):%d/%m/%Y}", f"{ago(20):%d/%m/%Y}", ""]
    rows[1] += [f"{ago(60):%d/%m/%Y}", "", f"{ago(10):%d/%m/%Y}"]
    report = import_register(rows, headers=headers)
    assert report.written
    entries = RegisterEntry.objects.order_by("senior__last_name")
    assert [(e.objected_on, e.left_on) for e in entries] == [(ago(20), None), (None, ago(10))]
    assert not campaign_candidates().exists()


def test_an_import_refuses_an_objection_before_the_registration():
    headers = [*HEADERS, "Date d'inscription", "Date d'opposition"]
    rows = [register_rows(1)[0] + [f"{ago(60):%d/%m/%Y}", f"{ago(70):%d/%m/%Y}"]]
    report = import_register(rows, headers=headers)
    assert not report.written
    assert "Cette date doit être comprise entre l’inscription et aujourd’hui." in str(
        [cell.reason for row in report.rows for cell in row.problems]
    )


# --- 3. What an objection stops ----------------------------------------------------------------


def test_an_objection_to_visits_blocks_assignment_in_the_service(coordinator, pair_a):
    senior = SeniorFactory(pair=None, status=Senior.Status.IDENTIFIED)
    objection(senior)
    with pytest.raises(ValidationError, match="opposé aux visites"):
        assign_pair(senior=senior, pair=pair_a[1], by=coordinator)
    senior.refresh_from_db()
    assert senior.pair is None


def test_an_objection_to_visits_blocks_assignment_in_the_form_with_the_reason(coordinator_client, pair_a):
    senior = SeniorFactory(pair=None, status=Senior.Status.IDENTIFIED)
    objection(senior, ago(4))
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert f"S’oppose le {ago(4):%d/%m/%Y}" in page and "aucun binôme ne le voit" in page
    assert "attend un binôme" not in page.split('id="assignment"')[1].split("</section>")[0]
    response = coordinator_client.post(
        reverse("seniors:senior_assign", args=[senior.pk]),
        {"pair": pair_a[1].pk, "on": ago(0).isoformat()},
        headers={"HX-Request": "true"},
    )
    assert "opposé aux visites" in response.content.decode()
    senior.refresh_from_db()
    assert senior.pair is None
    # Without JavaScript the page says it once.
    response = coordinator_client.post(
        reverse("seniors:senior_assign", args=[senior.pk]),
        {"pair": pair_a[1].pk, "on": ago(0).isoformat()},
        follow=True,
    )
    assert response.content.decode().count("opposé aux visites : aucun binôme ne peut") == 1


def test_an_objection_removes_the_senior_from_the_pairs_lists(
    coordinator_client, volunteer_a_client, senior_of_a
):
    assert volunteer_a_client.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 200
    coordinator_client.post(
        reverse("seniors:senior_consent", args=[senior_of_a.pk]),
        {
            "consent-decision": "objection",
            "consent-given_on": ago(1).isoformat(),
            "consent-channel": "oral",
            "consent-collected_by": "Claire Vasseur",
        },
    )
    assert volunteer_a_client.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 404
    assert senior_of_a.last_name not in volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    senior_of_a.refresh_from_db()
    assert senior_of_a.pair is None
    assert not Senior.objects.waiting_for_pair().filter(pk=senior_of_a.pk).exists()


def test_an_objection_in_the_admin_alone_still_hides_the_senior_from_the_pair(
    volunteer_a_client, senior_of_a
):
    objection(senior_of_a)
    assert volunteer_a_client.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 404


def test_an_objection_to_the_register_removes_the_person_from_running_campaigns(coordinator_client):
    senior = register_only()
    campaign = Campaign.objects.create(name="Canicule juillet", kind=Campaign.Kind.HEATWAVE)
    CampaignEntry.objects.create(campaign=campaign, senior=senior)
    response = coordinator_client.post(
        reverse("seniors:senior_register", args=[senior.pk]),
        {
            "basis": "age_65",
            "requested_by": "self",
            "registered_on": ago(60).isoformat(),
            "objected_on": ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    assert not CampaignEntry.objects.filter(senior=senior).exists()
    assert senior not in campaign_candidates()


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("filters", [{"register_only": "on"}, {"acknowledgement_overdue": "on"}])
def test_the_register_lists_cost_the_same_queries_for_1_and_50_people(
    coordinator_client, django_assert_num_queries, rows, filters
):
    for _index in range(rows):
        RegisterEntry.objects.filter(senior=register_only()).update(registered_on=ago(20))
    # session, user, user's groups (role), count, page of seniors (pair, members,
    # neighbourhood joined; last contact as subqueries; the register entry in the filter),
    # then the filter form's choices: neighbourhoods, active pairs.
    with django_assert_num_queries(7):
        response = coordinator_client.get(reverse("seniors:senior_list"), filters)
    assert response.context["page_obj"].paginator.count == rows


def test_editing_the_file_of_someone_on_the_register_keeps_them_out_of_the_programme(coordinator_client):
    senior = register_only(first_name="Odette", last_name="Lefèvre")
    form = coordinator_client.get(reverse("seniors:senior_update", args=[senior.pk])).context["form"]
    assert "identified_on" not in form.fields
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data |= {"phone": "0322112233", "neighbourhood": "", "source_partner": ""}
    response = coordinator_client.post(reverse("seniors:senior_update", args=[senior.pk]), data)
    assert response.status_code == 302
    senior.refresh_from_db()
    assert (senior.phone, senior.status, senior.identified_on) == ("+33322112233", "register", None)
