"""Every URL × every kind of visitor, with the answer each must get.

A URL pattern without an entry here fails `test_every_url_has_an_entry`: adding a page means
saying who may open it. Objects belong to pair A: for the volunteer of pair B they must answer
404, exactly like an object that does not exist."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ccas_visits.lib.permissions import VOLUNTEER
from reports.models import IssuedBilan
from seniors.models import Referral
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    AlertFactory,
    BudgetFactory,
    CallFactory,
    PartnerFactory,
    UserFactory,
    VisitFactory,
)
from visits.models import (
    ActivitySession,
    Campaign,
    CampaignEntry,
    LonelinessMeasure,
    Need,
    Proposal,
    SixMonthReview,
    SyncReview,
)
from volunteers.models import Certificate, Meeting

pytestmark = pytest.mark.django_db

VISITORS = ("anonymous", "volunteer_a", "volunteer_b", "coordinator", "manager")
# Answers: 200 ok, 302 redirect (to the login page for anonymous visitors), 403 wrong role,
# 404 not yours or missing, 405 GET on a POST-only action (the role passed).
LOGIN = 302


@dataclass(frozen=True)
class Entry:
    answers: tuple[int, int, int, int, int]  # in the order of VISITORS
    kwargs: Callable[[World], dict] | None = None
    query: str = ""


@dataclass
class World:
    senior: object
    pair: object
    coordinator: object
    other_user: object
    partner: object
    referral: object
    meeting: object
    call: object
    visit: object
    alert: object
    activity: object
    session: object
    proposal: object
    campaign: object
    campaign_entry: object
    budget: object
    need: object
    review: object
    issued: object
    six_month_review: object
    certificate: object


def entry(anonymous, volunteer_a, volunteer_b, coordinator, manager, kwargs=None, query="") -> Entry:
    return Entry((anonymous, volunteer_a, volunteer_b, coordinator, manager), kwargs, query)


HALF_YEAR = "?start=2025-01-01&end=2025-06-30"


def senior_pk(world: World) -> dict:
    return {"pk": world.senior.pk}


def user_pk(world: World) -> dict:
    return {"pk": world.other_user.pk}


def pair_pk(world: World) -> dict:
    return {"pk": world.pair.pk}


def volunteer_pk(world: World) -> dict:
    return {"pk": world.pair.volunteer_a_id}


def partner_pk(world: World) -> dict:
    return {"pk": world.partner.pk}


def referral_pk(world: World) -> dict:
    return {"pk": world.referral.pk}


def meeting_pk(world: World) -> dict:
    return {"pk": world.meeting.pk}


def pk_of(attribute: str) -> Callable[[World], dict]:
    return lambda world: {"pk": getattr(world, attribute).pk}


def post_only(kwargs=None) -> Entry:
    """A POST-only action whose method check comes first: every logged-in GET gets 405."""
    return entry(LOGIN, 405, 405, 405, 405, kwargs=kwargs)


def coordinators_only(kwargs=None) -> Entry:
    return entry(LOGIN, 403, 403, 200, 403, kwargs=kwargs)


def coordinators_post_only(kwargs=None) -> Entry:
    """A POST-only action behind the role check: the role is refused first, then the method."""
    return entry(LOGIN, 403, 403, 405, 403, kwargs=kwargs)


MATRIX: dict[str, Entry] = {
    # Public pages: the login and the password reset.
    "login": entry(200, 302, 302, 302, 302),
    "logout": entry(LOGIN, 405, 405, 405, 405),
    "password_reset": entry(200, 200, 200, 200, 200),
    "password_reset_done": entry(200, 200, 200, 200, 200),
    "password_reset_confirm": entry(
        200, 200, 200, 200, 200, kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}
    ),
    "password_reset_complete": entry(200, 200, 200, 200, 200),
    # The Django admin's login sends to the application's own (password, then second factor).
    "admin_login": entry(302, 403, 403, 302, 403),
    # The second factor: staff's pages (volunteers' only when VOLUNTEER_SECOND_FACTOR_REQUIRED);
    # with no factor set up, the steps that need one send to the setting up.
    "second_factor:devices": entry(LOGIN, 403, 403, 200, 200),
    "second_factor:enrol": entry(LOGIN, 403, 403, 200, 200),
    "second_factor:enrol_app": entry(LOGIN, 403, 403, 200, 200),
    "second_factor:enrol_passkey": entry(LOGIN, 403, 403, 200, 200),
    "second_factor:verify": entry(LOGIN, 403, 403, 302, 302),
    "second_factor:recovery": entry(LOGIN, 403, 403, 302, 302),
    "second_factor:recovery_codes": entry(LOGIN, 403, 403, 302, 302),
    "second_factor:device_remove": post_only(lambda w: {"kind": "totp", "pk": 1}),
    "second_factor:team": coordinators_only(),
    "second_factor:reset": post_only(user_pk),
    # django-otp-webauthn's ceremonies: JSON, POST only; a volunteer may not register a passkey.
    "otp_webauthn:credential-registration-begin": entry(LOGIN, 403, 403, 405, 405),
    "otp_webauthn:credential-registration-complete": entry(LOGIN, 403, 403, 405, 405),
    "otp_webauthn:credential-authentication-begin": post_only(),
    "otp_webauthn:credential-authentication-complete": post_only(),
    "otp_webauthn:js-i18n-catalog": entry(LOGIN, 200, 200, 200, 200),
    "accessibility": entry(200, 200, 200, 200, 200),
    # Every signed-in user's own sign-ins and sessions: nothing of anyone else's to reach.
    "my_sessions": entry(LOGIN, 200, 200, 200, 200),
    "my_sessions_end": post_only(),
    "session_extend": post_only(),
    # Each role's home.
    "home": entry(LOGIN, 302, 302, 302, 302),
    # The hosting team's health report: by address, not by account (tests/test_health.py).
    "health": entry(200, 200, 200, 200, 200),
    "dashboard": entry(LOGIN, 403, 403, 200, 403),
    "manager_home": entry(LOGIN, 403, 403, 200, 200),
    # The volunteer pair's tablet: their own seniors only; another pair's senior is "not found".
    "visits:my_seniors": entry(LOGIN, 200, 200, 403, 403),
    "visits:senior": entry(LOGIN, 200, 404, 403, 403, kwargs=senior_pk),
    "visits:log_call": entry(LOGIN, 200, 404, 403, 403, kwargs=senior_pk),
    "visits:log_visit": entry(LOGIN, 200, 404, 403, 403, kwargs=senior_pk),
    "visits:log_measure": entry(LOGIN, 200, 404, 403, 403, kwargs=senior_pk),
    "visits:log_campaign_call": entry(
        LOGIN, 200, 404, 403, 403, kwargs=lambda w: {"pk": w.senior.pk, "campaign_pk": w.campaign.pk}
    ),
    "visits:offline": entry(LOGIN, 200, 200, 403, 403),
    # Answers JSON only, the tablet's script reads it: 401 "log in again" rather than the login page.
    "visits:sync": entry(401, 405, 405, 405, 405),
    # Fetched by the browser itself; nothing personal in them.
    "visits:service_worker": entry(200, 200, 200, 200, 200),
    "visits:manifest": entry(200, 200, 200, 200, 200),
    # Accounts.
    "volunteers:account_list": entry(LOGIN, 403, 403, 200, 403),
    "volunteers:account_create": entry(LOGIN, 403, 403, 200, 403),
    "volunteers:account_toggle_active": entry(LOGIN, 405, 405, 405, 405, kwargs=user_pk),
    "volunteers:account_unlock": entry(LOGIN, 405, 405, 405, 405, kwargs=user_pk),
    # The coordinator's workspace: volunteers, pairs, meetings.
    "volunteers:volunteer_list": coordinators_only(),
    "volunteers:volunteer_create": coordinators_only(),
    "volunteers:volunteer_detail": coordinators_only(volunteer_pk),
    "volunteers:volunteer_update": coordinators_only(volunteer_pk),
    "volunteers:volunteer_status": coordinators_only(volunteer_pk),
    "volunteers:charter_sign": coordinators_only(volunteer_pk),
    "volunteers:pair_list": coordinators_only(),
    "volunteers:pair_create": coordinators_only(),
    "volunteers:pair_detail": coordinators_only(pair_pk),
    "seniors:pair_end": coordinators_only(pair_pk),
    "volunteers:pair_replace_member": coordinators_only(pair_pk),
    "volunteers:meeting_list": coordinators_only(),
    "volunteers:meeting_create": coordinators_only(),
    "volunteers:meeting_detail": coordinators_only(meeting_pk),
    "volunteers:meeting_update": coordinators_only(meeting_pk),
    "volunteers:meeting_attendance": coordinators_post_only(meeting_pk),
    # Seniors, partners and referrals.
    "seniors:senior_list": coordinators_only(),
    "seniors:senior_create": coordinators_only(),
    "seniors:senior_detail": coordinators_only(senior_pk),
    "seniors:senior_timeline": coordinators_only(senior_pk),
    "seniors:senior_update": coordinators_only(senior_pk),
    "seniors:senior_assign": coordinators_post_only(senior_pk),
    "seniors:senior_status": coordinators_only(senior_pk),
    "seniors:senior_rhythm": coordinators_post_only(senior_pk),
    "seniors:senior_consent": coordinators_only(senior_pk),
    "seniors:senior_register": coordinators_only(senior_pk),
    "seniors:senior_approach": coordinators_only(senior_pk),
    "seniors:partner_list": coordinators_only(),
    "seniors:partner_create": coordinators_only(),
    "seniors:partner_detail": coordinators_only(partner_pk),
    "seniors:partner_update": coordinators_only(partner_pk),
    "seniors:referral_create": coordinators_only(partner_pk),
    "seniors:referral_list": coordinators_only(),
    "seniors:referral_reject": coordinators_only(referral_pk),
    # Follow-up: calls and visits, alerts, activities, campaigns.
    "visits:call_list": coordinators_only(),
    "visits:call_create": coordinators_only(),
    "visits:call_detail": coordinators_only(pk_of("call")),
    "visits:call_update": coordinators_only(pk_of("call")),
    "visits:visit_list": coordinators_only(),
    "visits:visit_create": coordinators_only(),
    "visits:visit_detail": coordinators_only(pk_of("visit")),
    "visits:visit_update": coordinators_only(pk_of("visit")),
    "visits:visit_mark_read": post_only(pk_of("visit")),
    "visits:visit_reply": post_only(pk_of("visit")),
    "visits:report_list": coordinators_only(),
    "visits:overdue_list": coordinators_only(),
    "visits:silent_pairs": coordinators_only(),
    "visits:alert_list": coordinators_only(),
    # The review queue of tablet records: coordinators only, never the volunteer who sent one.
    "visits:review_list": coordinators_only(),
    "visits:review_detail": coordinators_only(pk_of("review")),
    "visits:alert_detail": coordinators_only(pk_of("alert")),
    # The six-monthly review and the loneliness answers: feelings, for coordinators only.
    "visits:six_month_due": coordinators_only(),
    "visits:six_month_create": coordinators_only(),
    "visits:six_month_detail": coordinators_only(pk_of("six_month_review")),
    "visits:measure_create": coordinators_only(),
    "visits:need_list": coordinators_only(),
    # What a volunteer gets back: their own page and certificates; issuing is the coordinators'.
    "visits:my_volunteering": entry(LOGIN, 200, 200, 403, 403),
    "visits:certificate_request": post_only(),
    "visits:certificate_list": coordinators_only(),
    "visits:certificate_create": coordinators_only(lambda w: {"volunteer_pk": w.pair.volunteer_a_id}),
    "visits:certificate_file": entry(LOGIN, 200, 404, 200, 403, kwargs=pk_of("certificate")),
    "visits:need_answer": coordinators_only(pk_of("need")),
    "visits:activity_list": coordinators_only(),
    "visits:activity_create": coordinators_only(),
    "visits:activity_detail": coordinators_only(pk_of("activity")),
    "visits:activity_update": coordinators_only(pk_of("activity")),
    "visits:session_create": coordinators_only(pk_of("activity")),
    "visits:proposal_create": coordinators_only(pk_of("activity")),
    "visits:session_detail": coordinators_only(pk_of("session")),
    "visits:session_update": coordinators_only(pk_of("session")),
    "visits:proposal_attendance": post_only(lambda w: {"session_pk": w.session.pk, "pk": w.proposal.pk}),
    "visits:campaign_list": coordinators_only(),
    "visits:campaign_create": coordinators_only(),
    "visits:campaign_detail": coordinators_only(pk_of("campaign")),
    "visits:campaign_counts": coordinators_only(pk_of("campaign")),
    "visits:campaign_close": post_only(pk_of("campaign")),
    "visits:campaign_add": coordinators_only(pk_of("campaign")),
    "visits:campaign_entry_call": coordinators_only(pk_of("campaign_entry")),
    "visits:campaign_entry_move": post_only(pk_of("campaign_entry")),
    # Reports: managers and coordinators; the budget and targets are entered by coordinators.
    "reports:bilan": entry(LOGIN, 403, 403, 200, 200, query=HALF_YEAR),
    "reports:bilan_file": entry(LOGIN, 403, 403, 200, 200, kwargs=lambda w: {"fmt": "csv"}, query=HALF_YEAR),
    "reports:annex": entry(LOGIN, 403, 403, 200, 200, query=HALF_YEAR),
    "reports:annex_file": entry(LOGIN, 403, 403, 200, 200, kwargs=lambda w: {"fmt": "xlsx"}, query=HALF_YEAR),
    "reports:network_file": entry(
        LOGIN, 403, 403, 200, 200, kwargs=lambda w: {"fmt": "json"}, query=HALF_YEAR
    ),
    "reports:trend": entry(LOGIN, 403, 403, 200, 200),
    "reports:budget": entry(LOGIN, 403, 403, 200, 200, query=HALF_YEAR),
    "reports:budget_file": entry(
        LOGIN, 403, 403, 200, 200, kwargs=lambda w: {"fmt": "xlsx"}, query=HALF_YEAR
    ),
    "reports:budget_list": coordinators_only(),
    "reports:budget_create": coordinators_only(),
    "reports:budget_update": coordinators_only(pk_of("budget")),
    "reports:budget_delete": coordinators_only(pk_of("budget")),
    "reports:targets": coordinators_only(),
    "reports:issue": post_only(),
    "reports:issued_detail": entry(LOGIN, 403, 403, 200, 200, kwargs=pk_of("issued")),
    "reports:issued_file": entry(
        LOGIN, 403, 403, 200, 200, kwargs=lambda w: {"pk": w.issued.pk, "fmt": "csv"}
    ),
    "reports:verify": entry(LOGIN, 403, 403, 200, 200),
    # Imports and exports: coordinators only.
    "seniors:import": entry(LOGIN, 403, 403, 200, 403),
    "seniors:import_confirm": entry(LOGIN, 405, 405, 405, 405),
    "seniors:export": entry(LOGIN, 403, 403, 200, 403),
    "volunteers:import": entry(LOGIN, 403, 403, 200, 403),
    "volunteers:import_confirm": entry(LOGIN, 405, 405, 405, 405),
    "volunteers:export": entry(LOGIN, 403, 403, 200, 403),
    "volunteers:pair_export": coordinators_only(),
    "visits:call_export": coordinators_only(),
    "visits:visit_export": coordinators_only(),
    "visits:proposal_export": coordinators_only(),
    "visits:proposal_list": coordinators_only(),
    # A senior's rights.
    "seniors:access_request": entry(LOGIN, 403, 403, 200, 403, kwargs=senior_pk),
    "seniors:anonymise": entry(LOGIN, 403, 403, 200, 403, kwargs=senior_pk),
}


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, by its own checks.
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    assert sorted(named_urls() - set(MATRIX)) == []
    assert sorted(set(MATRIX) - named_urls()) == []


def issued_bilan(coordinator) -> IssuedBilan:
    """A bilan of January–June 2025 as issued, its files in the test's media folder."""
    issued = IssuedBilan(
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        version=1,
        issued_by=coordinator,
        issued_by_name="Coordination",
    )
    for fmt in IssuedBilan.FORMATS:
        issued.file(fmt).save(issued.filename(fmt), ContentFile(b"bilan"), save=False)
    issued.save()
    return issued


@pytest.fixture
def world(pair_a, senior_of_a, coordinator, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    partner = PartnerFactory()
    activity = ActivityFactory()
    session = ActivitySession.objects.create(activity=activity, starts_at=timezone.now())
    campaign = Campaign.objects.create(name="Canicule", kind=Campaign.Kind.HEATWAVE)
    visit = VisitFactory(senior=senior_of_a)
    return World(
        senior=senior_of_a,
        pair=pair_a[1],
        coordinator=coordinator,
        other_user=UserFactory(username="autre", role=VOLUNTEER),
        partner=partner,
        referral=Referral.objects.create(
            partner=partner, first_name="Odette", last_name="Masson", reason="Seule"
        ),
        meeting=Meeting.objects.create(
            kind=Meeting.Kind.MEETING, title="Réunion", held_on=datetime.date(2025, 3, 1)
        ),
        call=CallFactory(senior=senior_of_a),
        visit=visit,
        alert=AlertFactory(senior=senior_of_a),
        activity=activity,
        session=session,
        proposal=Proposal.objects.create(
            senior=senior_of_a, activity=activity, session=session, answer="accepted"
        ),
        campaign=campaign,
        campaign_entry=CampaignEntry.objects.create(campaign=campaign, senior=senior_of_a, pair=pair_a[1]),
        budget=BudgetFactory(),
        need=Need.objects.create(senior=senior_of_a, visit=visit, kind=Need.Kind.SHOPPING),
        review=SyncReview.objects.create(
            uuid=uuid.uuid4(),
            kind="call",
            sent_by=pair_a[0],
            received_at=timezone.now(),
            senior_number=senior_of_a.pk,
            senior=senior_of_a,
            fields={"outcome": "reached"},
            reason="not_followed",
        ),
        issued=issued_bilan(coordinator),
        six_month_review=SixMonthReview.objects.create(
            senior=senior_of_a,
            reviewed_on=datetime.date(2025, 3, 1),
            rhythm="right",
            decision="continue",
            measure=LonelinessMeasure.objects.create(
                senior=senior_of_a,
                measured_on=datetime.date(2025, 3, 1),
                occasion="review",
                lacks_companionship=2,
                feels_left_out=1,
                feels_isolated=3,
            ),
        ),
        certificate=Certificate.objects.create(
            volunteer=pair_a[1].volunteer_a,
            number="2026-0001",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
            visits=3,
            calls=2,
            hours=4,
            signatory_name="Claire Martin",
            signatory_title="Coordinatrice",
            place="Amiens",
            issued_on=datetime.date(2026, 1, 5),
            issued_by=coordinator,
            form_key=uuid.uuid4(),
        ),
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_visitor_gets_the_expected_answer(name, world, volunteer_a, volunteer_b, manager, client):
    spec = MATRIX[name]
    url = reverse(name, kwargs=spec.kwargs(world) if spec.kwargs else None) + spec.query
    clients = {
        "anonymous": client,
        "volunteer_a": client_for(volunteer_a),
        "volunteer_b": client_for(volunteer_b),
        "coordinator": client_for(world.coordinator),
        "manager": client_for(manager),
    }
    answers = {visitor: clients[visitor].get(url).status_code for visitor in VISITORS}
    assert answers == dict(zip(VISITORS, spec.answers, strict=True))
