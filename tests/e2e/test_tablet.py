"""A volunteer pair on a 10-inch tablet: logging calls and visits online, offline, and back."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR, VOLUNTEER
from seniors.models import Assignment
from seniors.services import assign_pair
from tests.factories import ActivityFactory, PairFactory, SeniorFactory, UserFactory, VolunteerFactory
from visits.models import ActivitySession, Alert, Call, Need, Proposal, ServiceOffer, SyncReview, Visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET_PORTRAIT = {"width": 768, "height": 1024}
TABLET_LANDSCAPE = {"width": 1280, "height": 800}


@pytest.fixture
def team(db):
    """Josiane and Amadou's pair, following Lucienne; another pair following Marcel."""
    user = UserFactory(username="josiane", first_name="Josiane", last_name="Lefèvre", role=VOLUNTEER)
    josiane = VolunteerFactory(user=user, first_name="Josiane", last_name="Lefèvre")
    amadou = VolunteerFactory(first_name="Amadou", last_name="N'Diaye")
    pair = PairFactory(volunteer_a=josiane, volunteer_b=amadou)
    lucienne = SeniorFactory(
        pair=pair,
        first_name="Lucienne",
        last_name="Dupré",
        access_notes="Code 1234B, 2e étage",
        health_notes="Diabète",
    )
    other_pair = PairFactory()
    marcel = SeniorFactory(pair=other_pair, first_name="Marcel", last_name="Caron")
    ServiceOffer.objects.create(name="Portage de repas")
    cafe = ActivityFactory(name="Café Relais")
    ActivitySession.objects.create(activity=cafe, starts_at=timezone.now() + datetime.timedelta(days=6))
    ActivityFactory(name="Semaine Bleue")
    return {"pair": pair, "lucienne": lucienne, "marcel": marcel, "other_pair": other_pair}


def open_home(page, live_server, login):
    page.set_viewport_size(TABLET_PORTRAIT)
    login("josiane")
    expect(page.get_by_role("heading", name="Mes seniors")).to_be_visible()
    # The tablet has kept the pages for offline use.
    expect(page.locator("#tablet")).to_have_attribute("data-offline-ready", "1", timeout=15000)


def fill_visit(page):
    page.get_by_text("45 min").click()
    page.get_by_text("Première visite").click()
    page.locator("label", has_text="Amadou").click()  # Amadou could not come
    page.get_by_text("Portage de repas").click()
    page.get_by_text("Proposé : Café Relais").click()
    page.get_by_text("Accepté : Café Relais").click()
    page.get_by_text("Proposé : Semaine Bleue").click()
    page.get_by_text("Courses, repas").click()
    page.get_by_text("Il y a une urgence").click()
    page.get_by_text("Pas de nourriture").click()
    page.get_by_label("Décrivez l’urgence en quelques mots").fill("Réfrigérateur vide")
    page.get_by_label("Note pour le coordinateur").fill("Très isolée depuis l’hiver")
    page.get_by_label("Prochaine visite prévue le").fill(
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )


def assert_visit_intact(team):
    visit = Visit.objects.get()
    pair = team["pair"]
    assert (visit.senior, visit.pair, visit.kind, visit.duration_minutes) == (
        team["lucienne"],
        pair,
        "first",
        45,
    )
    assert visit.note == "Très isolée depuis l’hiver"
    assert visit.next_visit_on == timezone.localdate() + datetime.timedelta(days=14)
    assert timezone.localtime(visit.visited_at).date() == timezone.localdate()
    assert list(visit.present.all()) == [pair.volunteer_a]
    assert [s.name for s in visit.services_presented.all()] == ["Portage de repas"]
    assert {(p.activity.name, p.answer) for p in Proposal.objects.filter(visit=visit)} == {
        ("Café Relais", "accepted"),
        ("Semaine Bleue", "proposed"),
    }
    assert [n.kind for n in Need.objects.filter(visit=visit)] == ["shopping"]
    alert = Alert.objects.get()
    assert (alert.kind, alert.description, alert.visit) == ("no_food", "Réfrigérateur vide", visit)


def test_volunteer_logs_a_call_in_three_taps(
    accessibility_violations, page, live_server, login, screenshot, team
):
    open_home(page, live_server, login)
    expect(page.get_by_text("Marcel")).to_have_count(0)
    screenshot("tablet-home")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Noter un appel — Lucienne Dupré").click()  # tap 1
    expect(page.get_by_role("heading", name="Noter un appel")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot("tablet-call-form")
    page.get_by_text("Joint", exact=True).click()  # tap 2
    page.get_by_role("button", name="Enregistrer l’appel").click()  # tap 3
    expect(page.get_by_text("Appel enregistré.")).to_be_visible()
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    screenshot("tablet-call-saved")
    call = Call.objects.get()
    assert (call.senior, call.outcome, call.pair) == (team["lucienne"], "reached", team["pair"])


def test_volunteer_logs_a_visit_online(accessibility_violations, page, live_server, login, screenshot, team):
    open_home(page, live_server, login)
    page.get_by_role("link", name="Lucienne Dupré", exact=True).click()
    expect(page.get_by_text("Code 1234B, 2e étage")).to_be_visible()
    expect(page.get_by_text("Diabète")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot("tablet-senior-page")
    page.get_by_role("link", name="Noter une visite").click()
    fill_visit(page)
    assert accessibility_violations(page) == []
    screenshot("tablet-visit-form")
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée.")).to_be_visible()
    expect(page.get_by_text("Très isolée depuis l’hiver")).to_be_visible()
    assert_visit_intact(team)


def test_a_visit_logged_offline_is_sent_once_when_the_network_is_back(
    page, live_server, login, screenshot, team
):
    open_home(page, live_server, login)
    page.context.set_offline(True)
    page.get_by_role("link", name="Lucienne Dupré", exact=True).click()
    expect(page.get_by_text("Code 1234B, 2e étage")).to_be_visible()
    page.get_by_role("link", name="Noter une visite").click()
    expect(page.get_by_text("Pas de réseau. Ce que vous enregistrez reste sur la tablette")).to_be_visible()
    fill_visit(page)
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée sur la tablette.")).to_be_visible()
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("En attente d’envoi : 1.")
    expect(outbox).to_contain_text("Visite — Lucienne Dupré")
    expect(page.locator("#outbox-warning")).to_contain_text(
        "1 enregistrement fait sur cette tablette depuis le"
    )
    expect(page.locator("#outbox-warning")).to_contain_text("n’est pas encore arrivé au CCAS")
    screenshot("tablet-offline-waiting")
    assert not Visit.objects.exists()
    # A page the tablet did not keep: the service worker says plainly there is no network.
    page.goto(f"{live_server.url}/suivi/mes-seniors/{team['marcel'].pk}/")
    expect(page.get_by_role("heading", name="Pas de réseau")).to_be_visible()
    page.go_back()
    outbox = page.locator("#outbox")

    page.context.set_offline(False)
    expect(outbox).to_contain_text("Tout est envoyé.", timeout=15000)
    expect(outbox.locator("[data-state=sent]")).to_have_count(1)
    expect(page.locator("#outbox-warning")).to_be_hidden()
    screenshot("tablet-back-online-sent")
    assert_visit_intact(team)

    # The same record sent twice more (a lost answer, a second tab): still one visit.
    uuid = str(Visit.objects.get().uuid)
    answers = page.evaluate(
        """async ([uuid, senior]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const body = JSON.stringify({kind: "visit", uuid, senior, fields: {}});
            const answers = [];
            for (let i = 0; i < 2; i++) {
                const r = await fetch("/suivi/envoi/", {method: "POST", body,
                    headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
                answers.push([r.status, (await r.json()).record.uuid]);
            }
            return answers;
        }""",
        [uuid, team["lucienne"].pk],
    )
    assert answers == [[200, uuid], [200, uuid]]
    assert Visit.objects.count() == 1


def test_a_call_sent_on_a_network_that_never_answers_waits_then_goes_once(
    page, live_server, login, team, settings
):
    settings.TABLET_SEND_TIMEOUT_SECONDS = 2  # twenty in the field
    open_home(page, live_server, login)
    held = []
    page.route("**/suivi/envoi/", lambda route: held.append(route))  # the request never gets an answer
    page.get_by_role("link", name="Noter un appel — Lucienne Dupré").click()
    page.get_by_text("Joint", exact=True).click()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    # The volunteer is not left waiting: the call is kept on the tablet.
    expect(page.get_by_text("Appel enregistré sur la tablette.")).to_be_visible(timeout=10000)
    expect(page.locator("#outbox")).to_contain_text("En attente d’envoi : 1.")
    assert held and not Call.objects.exists()

    page.unroute("**/suivi/envoi/")  # the network answers again
    expect(page.locator("#outbox")).to_contain_text("Tout est envoyé.", timeout=15000)
    assert Call.objects.get().senior == team["lucienne"]


def test_a_visit_logged_offline_for_a_senior_reassigned_before_sync_counts_for_the_pair_that_made_it(
    page, live_server, login, screenshot, team
):
    lucienne, pair = team["lucienne"], team["pair"]
    Assignment.objects.create(
        senior=lucienne, pair=pair, started_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    open_home(page, live_server, login)
    page.context.set_offline(True)
    page.get_by_role("link", name="Noter une visite — Lucienne Dupré").click()
    fill_visit(page)
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée sur la tablette.")).to_be_visible()
    # Meanwhile, at the CCAS: Lucienne goes to another pair. The visit happened all the same.
    assign_pair(senior=lucienne, pair=team["other_pair"], by=None, reason="Déménagement")

    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_contain_text("Tout est envoyé.", timeout=15000)
    screenshot("tablet-reassigned-sent")
    assert_visit_intact(team)
    assert not SyncReview.objects.exists()


def test_a_visit_saved_then_brought_back_by_the_back_button_is_never_stored_twice(
    page, live_server, login, screenshot, team
):
    open_home(page, live_server, login)
    page.get_by_role("link", name="Noter une visite — Lucienne Dupré").click()
    fill_visit(page)
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée.")).to_be_visible()
    saved = str(Visit.objects.get().uuid)

    submit = "form => form.requestSubmit()"  # a tap that gets past the button being off
    back_again = [page.go_back, lambda: (page.go_back(), page.reload())]  # from history, then reloaded
    for bring_back in back_again:
        bring_back()
        expect(page.get_by_role("heading", name="Noter une visite")).to_be_visible()
        expect(page.get_by_text("Ce formulaire était déjà enregistré")).to_be_visible()
        expect(page.get_by_role("button", name="Enregistrer la visite")).to_be_disabled()
        assert page.locator("input[name=uuid]").input_value() == saved
        screenshot("tablet-back-after-save")
        page.locator("form[data-record]").evaluate(submit)
        expect(page.get_by_text("Ce formulaire était déjà enregistré")).to_be_visible()
        expect(page.get_by_role("heading", name="Lucienne Dupré")).to_be_visible()
        assert Visit.objects.count() == 1
    # A new visit is still one tap away.
    page.go_back()
    page.get_by_role("button", name="Commencer un nouveau formulaire").click()
    expect(page.get_by_role("button", name="Enregistrer la visite")).to_be_enabled()
    assert page.locator("input[name=uuid]").input_value() != saved


def test_records_waiting_are_said_plainly_and_a_coordinator_sees_a_tablet_waiting_for_days(
    page, browser, live_server, login, screenshot, team
):
    UserFactory(username="coord", role=COORDINATOR, is_staff=True)
    open_home(page, live_server, login)
    page.context.set_offline(True)
    # The call was saved four days ago, and the tablet has not reached the server since.
    page.clock.set_system_time(timezone.now() - datetime.timedelta(days=4))
    page.get_by_role("link", name="Noter un appel — Lucienne Dupré").click()
    page.get_by_text("Joint", exact=True).click()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    expect(page.get_by_text("Appel enregistré sur la tablette.")).to_be_visible()
    warning = page.locator("#outbox-warning")
    expect(warning).to_contain_text("1 enregistrement fait sur cette tablette depuis le")
    expect(warning).to_contain_text("Ouvrez l’application avec du réseau dans les prochains jours")
    screenshot("tablet-records-waiting")

    page.clock.set_system_time(timezone.now())
    page.route("**/suivi/envoi/", lambda route: route.abort())  # the pages load, the sends fail
    page.context.set_offline(False)
    page.goto(f"{live_server.url}/suivi/mes-seniors/")
    expect(page.locator("#outbox")).to_contain_text("En attente d’envoi : 1.")
    assert not Call.objects.exists()

    desk = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    desk.goto(f"{live_server.url}/connexion/")
    desk.get_by_label("Nom d’utilisateur").fill("coord")
    desk.get_by_label("Mot de passe").fill("secret-pass-123")
    desk.get_by_role("button", name="Se connecter").click()
    expect(desk.locator("#queue-tablet-reviews")).to_contain_text(
        "1 tablette avec des saisies en attente depuis plus de 3 jours"
    )
    desk.locator("#queue-tablet-reviews").get_by_role("link").click()
    expect(desk.locator("#late-tablets")).to_contain_text("Josiane Lefèvre")
    expect(desk.locator("#late-tablets")).to_contain_text("1")


def test_a_refused_field_can_be_corrected_and_is_then_stored(page, live_server, login, team):
    open_home(page, live_server, login)
    page.context.set_offline(True)
    page.get_by_role("link", name="Noter une visite — Lucienne Dupré").click()
    # A date the tablet's browser accepts but the server refuses: more than 60 days back.
    page.get_by_label("Date de la visite").fill(
        (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    )
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée sur la tablette.")).to_be_visible()
    page.context.set_offline(False)
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("Cette date est trop ancienne.", timeout=15000)
    outbox.get_by_role("link", name="Corriger").click()
    expect(page.get_by_role("alert")).to_contain_text("Cette date est trop ancienne.")
    page.get_by_label("Date de la visite").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée.")).to_be_visible()
    expect(page.locator("#outbox [data-state=refused]")).to_have_count(0)
    assert Visit.objects.count() == 1


@pytest.mark.browser_context_args(service_workers="block")
def test_a_date_typed_before_the_page_script_ran_is_kept(page, live_server, login, team):
    # A slow tablet shows the form before its script has run; the volunteer types the date at once.
    page.set_viewport_size(TABLET_PORTRAIT)
    login("josiane")
    expect(page.get_by_role("heading", name="Mes seniors")).to_be_visible()
    held = []
    page.route("**/js/tablet/main*.js", lambda route: held.append(route))
    page.goto(f"{live_server.url}/suivi/mes-seniors/{team['lucienne'].pk}/visite/", wait_until="commit")
    three_days_ago = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    page.get_by_label("Date de la visite").fill(three_days_ago)
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("form[data-ready]")).to_have_count(1)
    page.unroute("**/js/tablet/main*.js")
    expect(page.get_by_label("Date de la visite")).to_have_value(three_days_ago)
    page.get_by_text("45 min").click()
    page.get_by_role("button", name="Enregistrer la visite").click()
    expect(page.get_by_text("Visite enregistrée.")).to_be_visible()
    assert timezone.localtime(Visit.objects.get().visited_at).date().isoformat() == three_days_ago


def test_a_half_filled_visit_survives_closing_the_tab(page, live_server, login, team):
    open_home(page, live_server, login)
    page.get_by_role("link", name="Noter une visite — Lucienne Dupré").click()
    page.get_by_text("1 h 30").click()
    page.get_by_label("Note pour le coordinateur").fill("Brouillon à finir")
    page.close()

    again = page.context.new_page()
    again.goto(f"{live_server.url}/suivi/mes-seniors/{team['lucienne'].pk}/visite/")
    expect(again.get_by_text("Votre formulaire non terminé a été retrouvé.")).to_be_visible()
    expect(again.get_by_label("Note pour le coordinateur")).to_have_value("Brouillon à finir")
    expect(again.locator("input[name=duration_minutes][value='90']")).to_be_checked()


def test_logging_out_with_records_waiting_warns_first(page, live_server, login, screenshot, team):
    open_home(page, live_server, login)
    page.context.set_offline(True)
    page.get_by_role("link", name="Noter un appel — Lucienne Dupré").click()
    page.get_by_text("Joint", exact=True).click()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    expect(page.get_by_text("Appel enregistré sur la tablette.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Enregistrements en attente d’envoi : 1")
    screenshot("tablet-logout-warning")
    dialog.get_by_role("button", name="Rester connecté").click()
    expect(page.get_by_role("heading", name="Lucienne Dupré")).to_be_visible()
    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_contain_text("Tout est envoyé.", timeout=30000)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_label("Nom d’utilisateur")).to_be_visible()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert Call.objects.count() == 1


def test_pages_fit_a_landscape_tablet(page, live_server, login, screenshot, team):
    open_home(page, live_server, login)
    page.set_viewport_size(TABLET_LANDSCAPE)
    page.get_by_role("link", name="Noter une visite — Lucienne Dupré").click()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET_LANDSCAPE["width"]
    screenshot("tablet-visit-form-landscape")
