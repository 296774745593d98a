import datetime
import html
import re

import pytest
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils import timezone

from seniors.models import AccessLog, Assignment, Consent, Senior, SeniorStatusChange
from seniors.services import assign_pair
from tests.factories import (
    AlertFactory,
    CallFactory,
    NeighbourhoodFactory,
    PairFactory,
    PartnerFactory,
    SeniorFactory,
    VisitFactory,
)
from visits.models import Call, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SENIOR_DATA = {
    "first_name": "Odette",
    "last_name": "Lefèvre",
    "birth_date": "1938-05-17",
    "sex": "F",
    "address": "3 rue des Jacobins",
    "living_situation": "alone",
    "source": "flyer",
    "source_detail": "Boulangerie Saint-Leu",
    "visit_interval_days": "14",
    "consent-decision": "",
}


def senior_data() -> dict[str, str]:
    return SENIOR_DATA | {"identified_on": ago(30)}


def ago(days: int) -> str:
    """A form date `days` before the frozen "today"."""
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    # Someone born on 29 February has their birthday on 28 February in other years.
    same_day = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
    return same_day.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def pages(senior_of_a):
    pk = senior_of_a.pk
    return [
        reverse("seniors:senior_list"),
        reverse("seniors:senior_create"),
        reverse("seniors:senior_detail", args=[pk]),
        reverse("seniors:senior_update", args=[pk]),
        reverse("seniors:senior_status", args=[pk]),
        reverse("seniors:senior_consent", args=[pk]),
    ]


def test_anonymous_is_sent_to_the_login_page(client, pages):
    for url in pages:
        assert client.get(url)["Location"].startswith("/connexion/"), url


def test_volunteers_and_managers_are_refused(volunteer_a_client, manager_client, pages):
    # The volunteer's own senior too: these are coordinators' pages.
    for url in pages:
        assert volunteer_a_client.get(url).status_code == 403, url
        assert manager_client.get(url).status_code == 403, url


def test_coordinator_opens_every_page(coordinator_client, pages):
    for url in pages:
        assert coordinator_client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["senior_detail", "senior_update", "senior_status", "senior_consent"])
def test_unknown_ids_answer_404(coordinator_client, name):
    assert coordinator_client.get(reverse(f"seniors:{name}", args=[99999])).status_code == 404


@pytest.mark.parametrize("name", ["senior_assign", "senior_rhythm"])
def test_actions_are_post_only_and_404_for_unknown_ids(
    coordinator_client, volunteer_a_client, senior_of_a, name
):
    assert coordinator_client.get(reverse(f"seniors:{name}", args=[senior_of_a.pk])).status_code == 405
    assert coordinator_client.post(reverse(f"seniors:{name}", args=[99999])).status_code == 404
    assert volunteer_a_client.post(reverse(f"seniors:{name}", args=[senior_of_a.pk])).status_code == 403


def test_senior_list_query_count_is_the_same_for_1_and_50_seniors(
    coordinator_client, django_assert_num_queries
):
    url = reverse("seniors:senior_list")
    pair = PairFactory()
    neighbourhood = NeighbourhoodFactory(name="Saint-Leu")
    CallFactory(senior=SeniorFactory(pair=pair, neighbourhood=neighbourhood))
    # session, user, user's groups (role), count, page of seniors (pair, members,
    # neighbourhood joined; last contact as subqueries), then the filter form's choices:
    # neighbourhoods, active pairs.
    with django_assert_num_queries(7):
        assert coordinator_client.get(url).status_code == 200
    for senior in SeniorFactory.create_batch(49, pair=pair, neighbourhood=neighbourhood):
        VisitFactory(senior=senior)
    with django_assert_num_queries(7):
        response = coordinator_client.get(url)
    assert response.context["page_obj"].paginator.count == 50


def test_senior_search_ignores_accents(coordinator_client):
    SeniorFactory(first_name="Lucienne", last_name="Lefèvre")
    SeniorFactory(first_name="Odette", last_name="Martin")
    response = coordinator_client.get(reverse("seniors:senior_list"), {"q": "lefevre"})
    assert [s.last_name for s in response.context["page_obj"]] == ["Lefèvre"]


def names(client, **params) -> list[str]:
    return [s.last_name for s in client.get(reverse("seniors:senior_list"), params).context["page_obj"]]


def test_age_band_filters_including_the_75_plus_priority(coordinator_client):
    SeniorFactory(last_name="Soixante", birth_date=years_ago(65))
    SeniorFactory(last_name="Quatrevingt", birth_date=years_ago(80))
    SeniorFactory(last_name="Nonante", birth_date=years_ago(90))
    assert names(coordinator_client, age_band="60_74") == ["Soixante"]
    assert names(coordinator_client, age_band="75_84") == ["Quatrevingt"]
    assert sorted(names(coordinator_client, age_band="75_plus")) == ["Nonante", "Quatrevingt"]


def test_status_source_neighbourhood_and_pair_filters(coordinator_client):
    pair = PairFactory()
    north = NeighbourhoodFactory(name="Étouvie")
    SeniorFactory(last_name="Suivie", pair=pair, neighbourhood=north)
    SeniorFactory(
        last_name="Partenaire", status="identified", source="partner", source_partner=PartnerFactory()
    )
    assert names(coordinator_client, status="identified") == ["Partenaire"]
    assert names(coordinator_client, source="partner") == ["Partenaire"]
    assert names(coordinator_client, neighbourhood=north.pk) == ["Suivie"]
    assert names(coordinator_client, pair=pair.pk) == ["Suivie"]


def test_waiting_for_a_pair_filter(coordinator_client):
    SeniorFactory(last_name="Attend", pair=None, status="identified")
    SeniorFactory(last_name="Suivie", pair=PairFactory())
    SeniorFactory(last_name="Refus", pair=None, status="declined")
    assert names(coordinator_client, waiting="on") == ["Attend"]


def test_no_contact_for_more_than_n_days(coordinator_client):
    recent = SeniorFactory(last_name="Recent")
    CallFactory(senior=recent, called_at=timezone.now() - datetime.timedelta(days=3))
    old = SeniorFactory(last_name="Ancien")
    VisitFactory(senior=old, visited_at=timezone.now() - datetime.timedelta(days=40))
    SeniorFactory(last_name="Jamais", identified_on=timezone.localdate() - datetime.timedelta(days=60))
    SeniorFactory(last_name="Nouveau", identified_on=timezone.localdate())
    assert sorted(names(coordinator_client, no_contact_days=30)) == ["Ancien", "Jamais"]


def test_sorting_by_age_and_last_contact(coordinator_client):
    young = SeniorFactory(last_name="Jeune", birth_date=years_ago(62))
    old = SeniorFactory(last_name="Agee", birth_date=years_ago(91))
    CallFactory(senior=young, called_at=timezone.now() - datetime.timedelta(days=20))
    CallFactory(senior=old, called_at=timezone.now() - datetime.timedelta(days=2))
    assert names(coordinator_client, sort="age") == ["Jeune", "Agee"]
    assert names(coordinator_client, sort="-age") == ["Agee", "Jeune"]
    assert names(coordinator_client, sort="last_contact") == ["Jeune", "Agee"]
    assert names(coordinator_client, sort="-last_contact") == ["Agee", "Jeune"]


def test_creating_a_senior_with_consent(coordinator_client, coordinator):
    data = senior_data() | {
        "consent-decision": "consent",
        "consent-given_on": ago(30),
        "consent-channel": "oral",
        "consent-collected_by": "Claire Vasseur",
    }
    response = coordinator_client.post(reverse("seniors:senior_create"), data)
    senior = Senior.objects.get(last_name="Lefèvre")
    assert response["Location"] == reverse("seniors:senior_detail", args=[senior.pk])
    assert senior.source_detail == "Boulangerie Saint-Leu"
    consent = Consent.objects.get(senior=senior)
    assert (consent.collected_by, consent.recorded_by) == ("Claire Vasseur", coordinator)


def test_consent_needs_its_date_channel_and_collector(coordinator_client):
    response = coordinator_client.post(
        reverse("seniors:senior_create"), senior_data() | {"consent-decision": "consent"}
    )
    assert "Obligatoire quand une décision est enregistrée." in response.content.decode()
    assert not Senior.objects.exists()


def test_a_partner_source_needs_the_partner(coordinator_client):
    response = coordinator_client.post(
        reverse("seniors:senior_create"), senior_data() | {"source": "partner"}
    )
    assert "Indiquez quel partenaire a signalé ce senior." in response.content.decode()
    assert not Senior.objects.exists()


def test_same_name_and_birth_date_warns_and_saves_only_once_confirmed(coordinator_client):
    SeniorFactory(first_name="Odette", last_name="Lefevre", birth_date=datetime.date(1938, 5, 17))
    url = reverse("seniors:senior_create")
    response = coordinator_client.post(url, senior_data())
    content = response.content.decode()
    assert "Cette personne a peut-être déjà un dossier" in content
    assert Senior.objects.count() == 1
    coordinator_client.post(url, senior_data() | {"confirm_not_duplicate": "on"})
    assert Senior.objects.count() == 2


def test_close_spelling_with_the_same_birth_date_warns(coordinator_client):
    SeniorFactory(first_name="Odete", last_name="Lefebvre", birth_date=datetime.date(1938, 5, 17))
    response = coordinator_client.post(reverse("seniors:senior_create"), senior_data())
    assert "Cette personne a peut-être déjà un dossier" in response.content.decode()
    assert Senior.objects.count() == 1


def test_a_different_person_is_saved_without_warning(coordinator_client):
    SeniorFactory(first_name="Marcel", last_name="Dupont", birth_date=datetime.date(1938, 5, 17))
    coordinator_client.post(reverse("seniors:senior_create"), senior_data())
    assert Senior.objects.count() == 2


def test_editing_a_file_does_not_warn_about_itself(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre", birth_date=datetime.date(1938, 5, 17))
    response = coordinator_client.post(reverse("seniors:senior_update", args=[senior.pk]), senior_data())
    assert response.status_code == 302


def test_opening_a_file_is_logged(coordinator_client, coordinator, senior_of_a):
    coordinator_client.get(reverse("seniors:senior_detail", args=[senior_of_a.pk]))
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW_SENIOR)
    assert (log.user, log.action, log.senior) == (coordinator, AccessLog.Action.VIEW_SENIOR, senior_of_a)


def test_the_timeline_merges_every_kind_newest_first(coordinator_client, coordinator, pair_a):
    senior = SeniorFactory(pair=pair_a[1])
    now = timezone.now()
    CallFactory(senior=senior, called_at=now - datetime.timedelta(days=30), note="Premier appel")
    VisitFactory(senior=senior, visited_at=now - datetime.timedelta(days=20), note="Visite agréable")
    AlertFactory(senior=senior, raised_at=now - datetime.timedelta(days=10))
    content = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    alert, visit, call = (content.index(text) for text in ("Chute dans", "Visite agréable", "Premier appel"))
    assert alert < visit < call


def test_the_page_query_count_does_not_grow_with_the_history(
    coordinator_client, pair_a, django_assert_num_queries
):
    senior = SeniorFactory(pair=pair_a[1])
    CallFactory(senior=senior)
    url = reverse("seniors:senior_detail", args=[senior.pk])
    # session, user, user's groups (role), the senior (pair, members, neighbourhood, partner
    # joined; last contact as subqueries), the access log (the chain's lock, its last hash, the insert),
    # one query per kind of event (status changes, assignments, calls, visits, proposals,
    # needs, alerts, six-monthly reviews, loneliness questions, consents), the latest consent,
    # the register entry, the active pairs to choose from,
    # and for the audit section: the file's last changes (with their authors) and its last
    # openings (with who opened it).
    with django_assert_num_queries(22):
        coordinator_client.get(url)
    CallFactory.create_batch(20, senior=senior)
    VisitFactory.create_batch(20, senior=senior)
    for number in range(30):
        senior.phone = f"06000000{number:02d}"
        senior.save()
    with django_assert_num_queries(22):
        coordinator_client.get(url)


def test_assigning_a_pair_keeps_the_history(coordinator_client, pair_a, pair_b):
    senior = SeniorFactory(pair=None, status="identified")
    url = reverse("seniors:senior_assign", args=[senior.pk])
    coordinator_client.post(url, {"pair": pair_a[1].pk, "on": ago(30), "reason": "Proche"})
    response = coordinator_client.post(url, {"pair": pair_b[1].pk, "on": ago(10), "reason": ""})
    assert response.status_code == 302
    senior.refresh_from_db()
    assert senior.pair == pair_b[1]
    history = list(
        Assignment.objects.filter(senior=senior).order_by("started_on").values_list("pair", "ended_on")
    )
    assert history == [(pair_a[1].pk, datetime.date.fromisoformat(ago(10))), (pair_b[1].pk, None)]


def test_assigning_with_htmx_answers_the_fragment(coordinator_client, pair_a):
    senior = SeniorFactory(pair=None, status="identified")
    response = coordinator_client.post(
        reverse("seniors:senior_assign", args=[senior.pk]),
        {"pair": pair_a[1].pk, "on": ago(30)},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="assignment"' in content and "<html" not in content
    assert "Suivi par : Binôme" in content


def test_an_ended_pair_cannot_receive_a_senior(coordinator, pair_a):
    senior = SeniorFactory(pair=None, status="identified")
    ended = PairFactory(ended_on=timezone.localdate() - datetime.timedelta(days=60))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assign_pair(senior=senior, pair=ended, by=coordinator)
    senior.refresh_from_db()
    assert senior.pair is None


def test_recording_a_refusal_then_closing(coordinator_client, senior_of_a):
    url = reverse("seniors:senior_status", args=[senior_of_a.pk])
    coordinator_client.post(url, {"status": "declined", "changed_on": ago(30), "reason": "Ne souhaite pas"})
    senior_of_a.refresh_from_db()
    assert senior_of_a.status == Senior.Status.DECLINED
    coordinator_client.post(
        url,
        {"status": "closed", "closed_reason": "moved", "changed_on": ago(7), "reason": "Parti à Lille"},
    )
    senior_of_a.refresh_from_db()
    assert (senior_of_a.status, senior_of_a.closed_reason, senior_of_a.pair) == ("closed", "moved", None)


def test_a_transition_that_makes_no_sense_is_refused_in_french(coordinator_client):
    senior = SeniorFactory(status="declined")
    response = coordinator_client.post(
        reverse("seniors:senior_status", args=[senior.pk]),
        {"status": "paused", "changed_on": ago(30), "reason": "Essai"},
    )
    assert (
        "Un dossier ne peut pas passer de «\u00a0A refusé\u00a0» à «\u00a0En pause\u00a0»."
        in response.content.decode()
    )
    senior.refresh_from_db()
    assert senior.status == "declined"
    assert not SeniorStatusChange.objects.filter(senior=senior).exists()


def test_closing_needs_a_reason(coordinator_client, senior_of_a):
    response = coordinator_client.post(
        reverse("seniors:senior_status", args=[senior_of_a.pk]),
        {"status": "closed", "changed_on": ago(30), "reason": "Fin"},
    )
    assert "Indiquez pourquoi le dossier est clos." in response.content.decode()
    senior_of_a.refresh_from_db()
    assert senior_of_a.status == "followed"


def test_pausing_keeps_the_pair(coordinator_client, senior_of_a):
    coordinator_client.post(
        reverse("seniors:senior_status", args=[senior_of_a.pk]),
        {"status": "paused", "changed_on": ago(30), "reason": "Hospitalisation"},
    )
    senior_of_a.refresh_from_db()
    assert senior_of_a.status == "paused" and senior_of_a.pair is not None


def test_editing_the_visit_rhythm(coordinator_client, senior_of_a):
    url = reverse("seniors:senior_rhythm", args=[senior_of_a.pk])
    coordinator_client.post(url, {"visit_interval_days": "7"})
    senior_of_a.refresh_from_db()
    assert senior_of_a.visit_interval_days == 7
    coordinator_client.post(url, {"visit_interval_days": "900"})
    senior_of_a.refresh_from_db()
    assert senior_of_a.visit_interval_days == 7


def test_recording_an_objection(coordinator_client, senior_of_a):
    coordinator_client.post(
        reverse("seniors:senior_consent", args=[senior_of_a.pk]),
        {
            "consent-decision": "objection",
            "consent-given_on": ago(30),
            "consent-channel": "written",
            "consent-collected_by": "Claire Vasseur",
        },
    )
    assert senior_of_a.consents.get().decision == Consent.Decision.OBJECTION


# A fixed "today" for the long files below, in the past whatever the real date.
FILE_ENDS = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)


def file_of(pair, years: int) -> Senior:
    """A senior called every week and visited every other week for `years` years."""
    senior = SeniorFactory(pair=pair)
    weeks = 52 * years
    Call.objects.bulk_create(
        Call(
            senior=senior,
            pair=pair,
            called_at=FILE_ENDS - datetime.timedelta(weeks=week, hours=2),
            outcome=Call.Outcome.REACHED,
            note=f"Appel n°{week}",
        )
        for week in range(weeks)
    )
    Visit.objects.bulk_create(
        Visit(
            senior=senior,
            pair=pair,
            visited_at=FILE_ENDS - datetime.timedelta(weeks=week),
            duration_minutes=60,
            note=f"Visite n°{week}",
        )
        for week in range(0, weeks, 2)
    )
    return senior


def built_while(action) -> int:
    """How many model instances Django builds while `action` runs."""
    built = []

    def count(sender, **kwargs) -> None:
        built.append(sender)

    post_init.connect(count)
    try:
        action()
    finally:
        post_init.disconnect(count)
    return len(built)


def test_the_senior_page_reads_the_same_for_a_1_year_and_a_10_year_file(
    coordinator_client, pair_a, django_assert_num_queries
):
    built = {}
    for years in (1, 10):
        url = reverse("seniors:senior_detail", args=[file_of(pair_a[1], years).pk])
        # The same 22 queries as for a short file (see above): the timeline reads at most a
        # page of each kind of event.
        with django_assert_num_queries(22):
            built[years] = built_while(lambda url=url: coordinator_client.get(url))
        assert coordinator_client.get(url).content.decode().count('class="list-group-item timeline-') == 20
    assert built[1] == built[10]


def shown_notes(content: str) -> list[str]:
    return re.findall(r"<div>((?:Appel|Visite) n°\d+)</div>", content)


def every_page(client, senior) -> list[str]:
    """The senior's page, then each page of older events its "see older" link brings."""
    content = client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    pages = [content]
    while match := re.search(r'hx-get="([^"]+)"[^>]*>Voir les plus anciens', content):
        response = client.get(html.unescape(match.group(1)), headers={"HX-Request": "true"})
        content = response.content.decode()
        assert response.status_code == 200 and "<html" not in content
        pages.append(content)
    return pages


def test_every_older_event_is_reached_page_after_page(coordinator_client, pair_a):
    pages = every_page(coordinator_client, file_of(pair_a[1], 1))
    assert len(pages) == 4 and "Voir les plus anciens" in pages[0]
    assert shown_notes(pages[0])[:3] == ["Visite n°0", "Appel n°0", "Appel n°1"]  # newest first
    notes = [note for page in pages for note in shown_notes(page)]
    every = [f"Appel n°{week}" for week in range(52)] + [f"Visite n°{week}" for week in range(0, 52, 2)]
    assert sorted(notes) == sorted(every)  # each once


def test_events_of_one_instant_are_not_split_between_two_pages(coordinator_client, pair_a):
    senior = file_of(pair_a[1], 1)
    # Five alerts raised as the 20th event was logged (the 12th week's call), where the first
    # page would end: those six events all go to the second page.
    raised = FILE_ENDS - datetime.timedelta(weeks=12, hours=2)
    for number in range(5):
        AlertFactory(senior=senior, raised_at=raised, description=f"Alerte n°{number}")
    pages = every_page(coordinator_client, senior)
    alerts = [[n for n in range(5) if f"Alerte n°{n}" in page] for page in pages]
    assert alerts[1] == [0, 1, 2, 3, 4] and not any(alerts[0] + alerts[2:])
    assert "Appel n°12<" not in pages[0] and "Appel n°12<" in pages[1]
    assert pages[0].count('class="list-group-item timeline-') == 19


def test_without_javascript_the_older_events_open_in_the_page(coordinator_client, pair_a):
    senior = file_of(pair_a[1], 1)
    content = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    link = html.unescape(re.search(r'<a href="([^"]+)"\s+hx-get=', content).group(1))
    older = coordinator_client.get(link).content.decode()
    assert "Appel n°13" in older and "Appel n°0<" not in older


@pytest.mark.parametrize("value", ["", "hier", "9999-12-31T23:59:59", "0001-01-01T00:00:00", "2025-02-30"])
def test_any_start_of_the_older_events_opens(coordinator_client, senior_of_a, value):
    for name in ("seniors:senior_detail", "seniors:senior_timeline"):
        response = coordinator_client.get(reverse(name, args=[senior_of_a.pk]), {"anciens": value})
        assert response.status_code == 200


def test_the_older_events_are_for_coordinators_of_the_file(
    volunteer_a_client, coordinator_client, senior_of_a
):
    url = reverse("seniors:senior_timeline", args=[senior_of_a.pk])
    assert volunteer_a_client.get(url).status_code == 403
    assert coordinator_client.get(reverse("seniors:senior_timeline", args=[99999])).status_code == 404
