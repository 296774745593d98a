"""Every form and every GET filter, driven with hostile values: 0 server errors, each refusal
in French, nothing saved by a refused submission.

Generated from the URLconf like the access matrix: a URL pattern without an entry in `FUZZ`
fails `test_every_url_has_a_fuzz_entry`. An entry names the page holding the URL's forms (the
URL itself by default) and the GET parameters no form carries; the test opens that page as
each role the access matrix lets in (anonymous, volunteer, coordinator, manager), reads its
forms as a browser would, and submits each form's own values, then each kind of field (dates,
date-times, numbers, choices and ids, text) with its hostile values, every field at once empty
and then with a NUL and a lone surrogate, two values where one is expected, a megabyte in a
text field, and TOTAL_FORMS=10**9 to formsets (`form_crawl.Form.submissions`). The admin's
changelists (search, every filter link, the date hierarchy), autocompletes and add forms get
the same.

Size, on the test data: 77 URLs with a form or filter, 83 forms and filters (a form counted
once per role that sees it), 706 submissions; 22 admin changelists and 18 admin add forms,
333 requests; 1,039 in all, 54 s on the shared 2-core development machine (150 s when it
ran other suites beside, under a load of 6)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.template import loader
from django.test import Client
from django.urls import reverse

from reports.models import Budget
from tests.conftest import client_for
from tests.security import test_access_matrix
from tests.security.form_crawl import (
    BROKEN,
    ENGLISH,
    ERROR_MARKERS,
    HUGE_INT,
    Form,
    forms_of,
    rows_written,
)
from tests.security.test_access_matrix import MATRIX, VISITORS, World, named_urls

pytestmark = pytest.mark.django_db
world = test_access_matrix.world  # the access matrix's records: a senior of pair A, a call...


@dataclass(frozen=True)
class Fuzz:
    on: str = ""  # the page holding the forms to this URL; the URL itself when empty
    query: Callable[[World], str] | None = None  # the holder page's query, if not the matrix's
    params: tuple[tuple[str, str], ...] = ()  # GET parameters no form carries: (name, kind)
    like: str = ""  # a file or page filtered as this list is: its filter form, sent here
    why: str = ""  # no form and no filter: why


def none(why: str) -> Fuzz:
    return Fuzz(why=why)


PERIOD = (("start", "date"), ("end", "date"))
PAGE = (("page", "number"),)
LISTED = "a page without form or filter (its list's paging is fuzzed on the lists)"


def with_senior(world: World) -> str:
    return f"?senior={world.senior.pk}"


FUZZ: dict[str, Fuzz] = {
    "login": Fuzz(),
    "logout": none("a button that logs out: no field"),
    "password_reset": Fuzz(),
    "password_reset_done": none("a confirmation page"),
    "password_reset_confirm": none("Django's own form, shown only with a valid token"),
    "password_reset_complete": none("a confirmation page"),
    "admin_login": none("a redirection to the login page"),
    "second_factor:devices": none(
        "a list of the account's factors and links: the removal's form is its own entry"
    ),
    "second_factor:enrol": none("an explanation and two links"),
    "second_factor:enrol_app": Fuzz(),
    "second_factor:enrol_passkey": none("a button the library's script drives; its ceremonies are JSON"),
    "second_factor:verify": none(
        "shown only once a factor is set up: tests/second_factor send it wrong codes"
    ),
    "second_factor:recovery": none(
        "shown only once a factor is set up: tests/second_factor send it wrong codes"
    ),
    "second_factor:recovery_codes": none("shown only once a factor is set up; a button without field"),
    "second_factor:device_remove": none("a button on the list of one's factors: no field"),
    "second_factor:team": none("a list of accounts; each reset is a button without field"),
    "second_factor:reset": none("a button without field"),
    "otp_webauthn:credential-registration-begin": none("JSON for the library's script: no form"),
    "otp_webauthn:credential-registration-complete": none("JSON for the library's script: no form"),
    "otp_webauthn:credential-authentication-begin": none("JSON for the library's script: no form"),
    "otp_webauthn:credential-authentication-complete": none("JSON for the library's script: no form"),
    "otp_webauthn:js-i18n-catalog": none("the library's script's translations"),
    "accessibility": none("a page of text"),
    "my_sessions": none("a list; its forms go to my_sessions_end"),
    "my_sessions_end": none(
        "its forms appear beside a second session of the same user: tests/security/test_sessions.py "
        "sends it unknown, foreign, empty, NUL and megabyte ids"
    ),
    "session_extend": none("the warning's button, posted by static/js/session.js, with no field"),
    "home": none("redirects to the role's home"),
    "health": none("the hosting team's health report: no form"),
    "dashboard": none("figures and work queues: no form"),
    "manager_home": none("its period form is sent to the bilan, fuzzed there"),
    "visits:my_seniors": none(LISTED),
    "visits:senior": none(LISTED),
    "visits:log_call": Fuzz(),
    "visits:log_visit": Fuzz(),
    "visits:log_measure": Fuzz(),
    "visits:log_campaign_call": Fuzz(),
    "visits:my_volunteering": none("its one form goes to visits:certificate_request"),
    "visits:certificate_request": Fuzz(on="visits:my_volunteering"),
    "visits:certificate_list": Fuzz(params=PAGE),
    "visits:certificate_create": Fuzz(),
    "visits:certificate_file": none("a PDF: no form"),
    "visits:offline": none("the tablet's offline page"),
    "visits:sync": none("JSON from the tablet: tests/security/test_fuzzing.py"),
    "visits:service_worker": none("a script"),
    "visits:manifest": none("a manifest"),
    "volunteers:account_list": Fuzz(params=PAGE),
    "volunteers:account_create": Fuzz(),
    "volunteers:account_toggle_active": Fuzz(on="volunteers:account_list"),
    "volunteers:account_unlock": none("a button shown only for a locked account: no field"),
    "volunteers:volunteer_list": Fuzz(params=PAGE),
    "volunteers:volunteer_create": Fuzz(),
    "volunteers:volunteer_detail": Fuzz(params=(("modifications", "number"),)),
    "volunteers:volunteer_update": Fuzz(),
    "volunteers:volunteer_status": Fuzz(),
    "volunteers:charter_sign": Fuzz(),
    "volunteers:pair_list": Fuzz(params=(("ended", "text"), *PAGE)),
    "volunteers:pair_create": Fuzz(),
    "volunteers:pair_detail": none("a pair's page: no form"),
    "seniors:pair_end": Fuzz(),
    "volunteers:pair_replace_member": Fuzz(),
    "volunteers:meeting_list": Fuzz(),
    "volunteers:meeting_create": Fuzz(),
    "volunteers:meeting_detail": none("its attendance form is fuzzed on its own URL"),
    "volunteers:meeting_update": Fuzz(),
    "volunteers:meeting_attendance": Fuzz(on="volunteers:meeting_detail"),
    "seniors:senior_list": Fuzz(params=PAGE),
    "seniors:senior_create": Fuzz(params=(("signalement", "select"),)),
    "seniors:senior_detail": Fuzz(params=(("modifications", "number"),)),
    "seniors:senior_timeline": Fuzz(params=(("anciens", "datetime-local"),)),
    "seniors:senior_update": Fuzz(),
    "seniors:senior_assign": Fuzz(on="seniors:senior_detail"),
    "seniors:senior_status": Fuzz(params=(("status", "select"),)),
    "seniors:senior_rhythm": Fuzz(on="seniors:senior_detail"),
    "seniors:senior_consent": Fuzz(),
    "seniors:senior_register": Fuzz(),
    "seniors:senior_approach": Fuzz(),
    "seniors:partner_list": none(LISTED),
    "seniors:partner_create": Fuzz(),
    "seniors:partner_detail": none("a partner's page: no form"),
    "seniors:partner_update": Fuzz(),
    "seniors:referral_create": Fuzz(),
    "seniors:referral_list": Fuzz(params=(("status", "select"), *PAGE)),
    "seniors:referral_reject": Fuzz(),
    "visits:call_list": Fuzz(),
    "visits:call_create": Fuzz(),  # the senior picker
    "visits:call_detail": none("a call's page: no form"),
    "visits:call_update": Fuzz(),
    "visits:visit_list": Fuzz(),
    "visits:visit_create": Fuzz(),  # the senior picker
    "visits:visit_detail": none("its reply form is fuzzed on its own URL"),
    "visits:visit_update": Fuzz(),
    "visits:visit_mark_read": none("a button: no field"),
    "visits:visit_reply": Fuzz(on="visits:visit_detail"),
    "visits:report_list": Fuzz(params=PAGE),
    "visits:overdue_list": Fuzz(params=PAGE),
    "visits:silent_pairs": none(LISTED),
    "visits:alert_list": Fuzz(),
    "visits:review_list": none(LISTED),
    "visits:review_detail": Fuzz(),
    "visits:need_list": none(LISTED),
    "visits:need_answer": Fuzz(),
    "visits:alert_detail": Fuzz(),
    "visits:six_month_due": Fuzz(params=PAGE),
    "visits:six_month_create": Fuzz(),  # the senior picker
    "visits:six_month_detail": none("a review's page: no form"),
    "visits:measure_create": Fuzz(),  # the senior picker
    "visits:activity_list": none(LISTED),
    "visits:activity_create": Fuzz(),
    "visits:activity_detail": none("an activity's page: no form"),
    "visits:activity_update": Fuzz(),
    "visits:session_create": Fuzz(),
    "visits:proposal_create": Fuzz(),
    "visits:session_detail": none("its attendance buttons are fuzzed on their own URL"),
    "visits:session_update": Fuzz(),
    "visits:proposal_attendance": Fuzz(on="visits:session_detail"),
    "visits:campaign_list": none(LISTED),
    "visits:campaign_create": Fuzz(),
    "visits:campaign_detail": none("its close button is fuzzed on its own URL"),
    "visits:campaign_counts": none("live counts: no form"),
    "visits:campaign_close": Fuzz(on="visits:campaign_detail"),
    "visits:campaign_add": Fuzz(),
    "visits:campaign_entry_call": Fuzz(),
    "visits:campaign_entry_move": Fuzz(on="visits:campaign_entry_call"),
    "reports:bilan": Fuzz(on="manager_home", params=PERIOD),
    "reports:bilan_file": Fuzz(params=PERIOD),
    "reports:annex": Fuzz(params=PERIOD),
    "reports:annex_file": Fuzz(params=PERIOD),
    "reports:network_file": Fuzz(params=PERIOD),
    "reports:trend": none("the programme's years and targets: no form"),
    "reports:budget": Fuzz(params=PERIOD),
    "reports:budget_file": Fuzz(params=PERIOD),
    "reports:budget_list": none(LISTED),
    "reports:budget_create": Fuzz(),
    "reports:budget_update": Fuzz(),
    "reports:budget_delete": Fuzz(),
    "reports:targets": Fuzz(),
    "reports:issue": Fuzz(on="reports:bilan"),
    "reports:issued_detail": none("its new-version button posts to reports:issue, fuzzed on the preview"),
    "reports:issued_file": none("a stored file: no form"),
    "reports:verify": Fuzz(),
    "seniors:import": none("imports: tests/imports"),
    "seniors:import_confirm": none("imports: tests/imports"),
    "seniors:export": Fuzz(like="seniors:senior_list"),
    "volunteers:import": none("imports: tests/imports"),
    "volunteers:import_confirm": none("imports: tests/imports"),
    "volunteers:export": Fuzz(like="volunteers:volunteer_list", params=(("format", "text"),)),
    "volunteers:pair_export": Fuzz(params=(("ended", "text"),)),
    "visits:call_export": Fuzz(like="visits:call_list"),
    "visits:visit_export": Fuzz(like="visits:visit_list"),
    "visits:proposal_export": Fuzz(like="visits:proposal_list"),
    "visits:proposal_list": Fuzz(params=PAGE),
    "seniors:access_request": none("a PDF: no form"),
    "seniors:anonymise": Fuzz(),
}
# The call and visit forms of a senior, beyond the picker.
SENIOR_QUERY = {
    "visits:call_create": with_senior,
    "visits:visit_create": with_senior,
    "visits:six_month_create": with_senior,
    "visits:measure_create": with_senior,
}


def test_every_url_has_a_fuzz_entry():
    assert sorted(named_urls() - set(FUZZ)) == []
    assert sorted(set(FUZZ) - named_urls()) == []


@pytest.fixture
def clients(world, volunteer_a, manager) -> dict[str, Client]:
    """Each role's client, logged in when first asked for."""
    users = {"volunteer_a": volunteer_a, "coordinator": world.coordinator, "manager": manager}

    class Clients(dict):
        def __missing__(self, role: str) -> Client:
            self[role] = Client() if role == "anonymous" else client_for(users[role])
            return self[role]

    return Clients()


def url_of(name: str, world: World) -> str:
    spec = MATRIX[name]
    return reverse(name, kwargs=spec.kwargs(world) if spec.kwargs else None)


def roles_for(name: str) -> list[str]:
    """Who opens the page: those the access matrix answers 200 (one volunteer stands for both)."""
    answers = dict(zip(VISITORS, MATRIX[name].answers, strict=True))
    return [role for role in ("anonymous", "volunteer_a", "coordinator", "manager") if answers[role] == 200]


def page_forms(name: str, world: World, client: Client, queries: list[str]) -> list[Form]:
    found = []
    for query in queries:
        url = url_of(name, world) + query
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):  # not a file
            found += forms_of(url, response.content.decode())
    return found


def forms_to(name: str, world: World, role: str, client: Client) -> list[Form]:
    spec = FUZZ[name]
    holder = spec.on or name
    holder_queries = [MATRIX[holder].query]
    if spec.query or holder in SENIOR_QUERY:
        holder_queries.append((spec.query or SENIOR_QUERY[holder])(world))
    found = [form for form in page_forms(holder, world, client, holder_queries) if form.target == name]
    url = url_of(name, world) + MATRIX[name].query
    if spec.like:
        for form in page_forms(spec.like, world, client, [""]):
            if form.method == "get" and form.target == spec.like:
                found.append(Form(url, url, "get", form.fields))
    if spec.params:
        found.append(Form(url, url, "get", [(param, kind, "") for param, kind in spec.params]))
    return found


def submit(client: Client, form: Form, data: dict) -> object:
    body = form.encode(data)
    if form.method == "get":
        return client.get(f"{form.action.split('?')[0]}?{body}")
    return client.post(form.action, body, content_type="application/x-www-form-urlencoded")


def check_answer(response, form: Form, data: dict, before: str | None) -> None:
    """No server error; a refusal is in French and saved nothing."""
    shown = f"{form.method.upper()} {form.action} {str(data)[:300]}"
    assert response.status_code < 500, shown
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    page = response.content.decode()
    refused = response.status_code >= 400 or any(marker in page for marker in ERROR_MARKERS)
    if not refused:
        return
    assert 'lang="fr"' in page, shown
    english = ENGLISH.search(page)
    assert english is None, f"{shown}: {english.group()}"
    if before is not None:
        assert rows_written() == before, f"{shown}: a refused submission saved something"


def fuzz_form(client: Client, form: Form) -> int:
    cases = form.submissions()
    for data in cases:
        before = rows_written() if form.method == "post" else None
        check_answer(submit(client, form, data), form, data, before)
    return len(cases)


FUZZED = sorted(name for name, spec in FUZZ.items() if not spec.why)


@pytest.mark.parametrize("name", FUZZED)
def test_each_form_and_filter_survives_hostile_input(name, world, clients):
    holder = FUZZ[name].on or name
    found = 0
    for role in roles_for(holder):
        for form in forms_to(name, world, role, clients[role]):
            found += fuzz_form(clients[role], form)
    assert found, f"no form or filter to {name} on {holder}: say where it is, or why there is none"


# The admin: every changelist's search, filters and date hierarchy, autocompletes, add forms.
ADMIN_HOSTILE = [BROKEN, HUGE_INT]
FILTER_LINK = re.compile(r'href="\?([^"#]+)"')
AUTOCOMPLETE = re.compile(r'data-app-label="([^"]+)" data-model-name="([^"]+)" data-field-name="([^"]+)"')
ADMINS = sorted(f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry)


def changelist_params(model_admin, page: str) -> set[str]:
    params = {name for link in FILTER_LINK.findall(page) for name in _param_names(link)}
    if model_admin.date_hierarchy:
        params.add(f"{model_admin.date_hierarchy}__year")
    return params - {"o", "p", "q", "e", "_changelist_filters"}


def _param_names(link: str) -> list[str]:
    return [pair.split("=")[0] for pair in link.replace("&amp;", "&").split("&") if pair]


@pytest.mark.parametrize("label", ADMINS)
def test_each_admin_changelist_and_add_form_survives_hostile_input(label, world, clients):
    client = clients["coordinator"]
    model = next(m for m in admin.site._registry if f"{m._meta.app_label}.{m._meta.model_name}" == label)
    model_admin = admin.site._registry[model]
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(changelist)
    if response.status_code == 403:
        return  # not the coordinator's: the admin's own permission check
    page = response.content.decode()
    forms = [form for form in forms_of(changelist, page) if form.method == "get"]
    for param in sorted(changelist_params(model_admin, page)):
        forms.append(Form(changelist, changelist, "get", [(param, "text", "")]))
    add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = client.get(add)
    if response.status_code == 200:
        page = response.content.decode()
        forms += [form for form in forms_of(add, page) if form.target == "admin:" + add_view(model)]
        autocomplete = reverse("admin:autocomplete")
        for app_label, model_name, field_name in AUTOCOMPLETE.findall(page):
            fields = [
                ("app_label", "hidden", app_label),
                ("model_name", "hidden", model_name),
                ("field_name", "hidden", field_name),
                ("term", "text", ""),
                ("page", "number", ""),
            ]
            forms.append(Form(add, autocomplete, "get", fields))
    for form in forms:
        for value in ADMIN_HOSTILE if form.action == changelist and len(form.fields) == 1 else [None]:
            if value is None:
                fuzz_form(client, form)
            else:
                name = form.fields[0][0]
                data = {name: [value]}
                check_answer(submit(client, form, data), form, data, None)


def add_view(model) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}_add"


# The server errors the fuzzing found, each as a user met it.
@pytest.mark.parametrize("name", ["visits:call_list", "visits:visit_list"])
def test_a_list_filtered_to_the_last_day_python_knows_says_which_dates_it_takes(coordinator_client, name):
    response = coordinator_client.get(reverse(name), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Indiquez une date entre 1900 et 2100." in response.content.decode()


def test_a_bilan_in_the_year_9999_is_refused_in_french(manager_client):
    response = manager_client.get(reverse("reports:bilan"), {"start": "9999-12-31", "end": "9999-12-31"})
    assert response.status_code == 400
    assert "Indiquez une date entre 1900 et 2100." in response.content.decode()


def test_a_nul_character_in_the_senior_picker_finds_the_senior(coordinator_client, senior_of_a):
    response = coordinator_client.get(reverse("visits:call_create") + "?q=Lucienne%00")
    assert response.status_code == 200
    assert "Lefèvre-Dupré" in response.content.decode()


def test_a_budget_claiming_a_billion_funding_lines_is_refused_at_once(coordinator_client):
    url = reverse("reports:budget_create")
    form = forms_of(url, coordinator_client.get(url).content.decode())
    data = {**next(f for f in form if f.target == "reports:budget_create").base(), "name": ["Budget 2026"]}
    data["funding-TOTAL_FORMS"] = [str(10**9)]
    response = coordinator_client.post(reverse("reports:budget_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Veuillez soumettre au plus 50 formulaires." in page
    assert page.count('name="funding-') < 50 * 8
    assert not Budget.objects.exists()


def test_the_admin_shows_the_whole_list_for_an_overflowing_year_or_a_nul_search(coordinator_client):
    """As for a filter on a field that does not exist: Django's admin drops the address's filters."""
    changelist = reverse("admin:visits_call_changelist")
    for query in ["called_at__year=99999999999999999999", "q=a%00b", "kind=a%00b"]:
        response = coordinator_client.get(f"{changelist}?{query}", follow=True)
        assert response.redirect_chain == [(f"{changelist}?e=1", 302)], query
        assert "Sélectionnez l’objet appel à afficher" in response.content.decode()


def test_the_server_error_page_is_french_and_needs_no_request_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert 'lang="fr"' in page
    assert "Un problème est survenu de notre côté" in page


def test_an_unreadable_request_gets_the_french_400_page(coordinator_client):
    body = "name=" + "x" * 3_000_000  # past DATA_UPLOAD_MAX_MEMORY_SIZE
    response = coordinator_client.post(
        reverse("seniors:partner_create"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Cette demande n’a pas pu être lue" in response.content.decode()
