"""The volunteer pair's pages on the shared tablet: their seniors, logging calls and visits.

Every page also works from the tablet's cache without network (see static/js/sw.js): the
forms are then sent later through `visits.views.sync`."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import VOLUNTEER, role_required
from seniors.models import AccessLog, Senior
from seniors.services import log_access
from visits.forms.tablet import CallForm, CampaignCallForm, LonelinessForm, VisitForm
from visits.indicators import with_contact_dates
from visits.models import Call, CampaignEntry, Visit
from visits.review import note_outbox
from visits.services import active_pair_of
from volunteers.models import Pair, Volunteer

RECENT_CONTACTS = 5
# Static files a tablet keeps for offline use, besides the pages: the tablet's script is every
# module of static/js/tablet/ (tests/visits/test_tablet_script.py checks none is missing).
OFFLINE_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "css/app.css",
    "css/tablet.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/tablet/config.js",
    "js/tablet/drafts.js",
    "js/tablet/forms.js",
    "js/tablet/logout.js",
    "js/tablet/main.js",
    "js/tablet/offline.js",
    "js/tablet/outbox.js",
    "js/tablet/send.js",
    "js/tablet/ui.js",
    "icons/icon-192.png",
)


def seniors_due_first(user, today: datetime.date) -> list[Senior]:
    """The volunteer's seniors, who is due first (the due date of `visits.indicators`), in
    one query; each with `is_due` and the label of the last contact's call outcome."""
    seniors = with_contact_dates(Senior.objects.visible_to(user), today).order_by("due_on", *person_order())
    seniors = list(seniors)
    for senior in seniors:
        senior.is_due = senior.due_on <= today
        senior.last_contact_at = senior.last_contact
        senior.last_call_label = Call.Outcome(senior.last_call_outcome).label if senior.last_call_at else ""
        senior.next_visit = senior.next_visit_planned
    return seniors


def offline_urls(seniors: list[Senior], campaign_entries: list[CampaignEntry] = ()) -> list[str]:
    pages = [reverse("visits:my_seniors"), reverse("visits:offline")]
    for senior in seniors:
        for name in ("senior", "log_call", "log_visit", "log_measure"):
            pages.append(reverse(f"visits:{name}", args=[senior.pk]))
    for entry in campaign_entries:
        pages.append(reverse("visits:log_campaign_call", args=[entry.senior_id, entry.campaign_id]))
    return pages + [static(path) for path in OFFLINE_ASSETS]


def campaign_lists(user, seniors: list[Senior]) -> list[CampaignEntry]:
    """The open campaigns' lines of the volunteer's active pair, for the seniors the pair
    follows (people only on the register stay on the staff's lists), one query. Still to call
    first; then who lives alone, the oldest, and the longest without a contact."""
    followed = {senior.pk: senior for senior in seniors}
    entries = CampaignEntry.objects.filter(
        campaign__closed_at__isnull=True,
        pair__in=Pair.objects.of_user(user).active(),
        senior_id__in=followed,
    ).select_related("campaign")
    entries = list(entries)
    for entry in entries:
        entry.senior = followed[entry.senior_id]
    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)

    def priority(entry: CampaignEntry):
        senior = entry.senior
        return (
            entry.state != CampaignEntry.State.TO_CALL,
            senior.living_situation != Senior.LivingSituation.ALONE,
            senior.birth_date or datetime.date.max,
            senior.last_contact_at or never,
        )

    return sorted(entries, key=priority)


@role_required(VOLUNTEER)
def my_seniors(request: HttpRequest) -> HttpResponse:
    note_outbox(request)  # what the tablet says waits on it, for the coordinators
    seniors = seniors_due_first(request.user, timezone.localdate())
    # No senior shown: asked only then (a query less on every other visit of the home page).
    if not seniors and not Volunteer.objects.filter(user=request.user).with_access().exists():
        # Paused or gone: the tablet may still send what it holds, and shows nothing else.
        return render(request, "visits/tablet/outbox_only.html")
    entries = campaign_lists(request.user, seniors) if seniors else []
    campaigns = {}
    for entry in entries:
        campaigns.setdefault(entry.campaign, []).append(entry)
    context = {
        "seniors": seniors,
        "campaigns": [
            (campaign, lines, sum(line.state == CampaignEntry.State.TO_CALL for line in lines))
            for campaign, lines in campaigns.items()
        ],
        "offline_urls": json.dumps(offline_urls(seniors, entries)),
    }
    return render(request, "visits/tablet/my_seniors.html", context)


def get_senior_and_pair(request: HttpRequest, pk: int) -> tuple[Senior, Pair]:
    """The senior, if the volunteer's active pair follows them: anything else is a 404."""
    senior = get_object_or_404(Senior.objects.visible_to(request.user), pk=pk)
    pair = active_pair_of(request.user, senior)
    if pair is None:
        raise Http404
    return senior, pair


def is_precache(request: HttpRequest) -> bool:
    """The tablet storing pages for offline use: not a person opening the file."""
    return request.headers.get("X-Tablet-Precache") == "1"


@role_required(VOLUNTEER)
def senior_detail(request: HttpRequest, pk: int) -> HttpResponse:
    senior, pair = get_senior_and_pair(request, pk)
    if not is_precache(request):
        log_access(user=request.user, action=AccessLog.Action.VIEW_SENIOR, senior=senior)
    own = {"senior": senior, "pair__in": Pair.objects.of_user(request.user)}
    context = {
        "senior": senior,
        "visits": Visit.objects.filter(**own).prefetch_related("present")[:RECENT_CONTACTS],
        "calls": Call.objects.filter(**own)[:RECENT_CONTACTS],
    }
    return render(request, "visits/tablet/senior_detail.html", context)


def saved(request: HttpRequest, form) -> bool:
    """A form posted from the page itself (no script: the outbox did not take it), saved;
    what the services refuse is shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        form.save(by=request.user)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    return True


@role_required(VOLUNTEER)
def log_call(request: HttpRequest, pk: int) -> HttpResponse:
    senior, pair = get_senior_and_pair(request, pk)
    form = CallForm(request.POST or None, senior=senior, pair=pair)
    if saved(request, form):
        messages.success(request, _("Call saved."))
        return redirect("visits:senior", pk=senior.pk)
    return render(request, "visits/tablet/call_form.html", {"senior": senior, "form": form})


@role_required(VOLUNTEER)
def log_visit(request: HttpRequest, pk: int) -> HttpResponse:
    senior, pair = get_senior_and_pair(request, pk)
    initial = {"kind": Visit.Kind.FOLLOW_UP if senior.visits.exists() else Visit.Kind.FIRST}
    form = VisitForm(request.POST or None, senior=senior, pair=pair, initial=initial)
    if saved(request, form):
        messages.success(request, _("Visit saved."))
        return redirect("visits:senior", pk=senior.pk)
    return render(request, "visits/tablet/visit_form.html", {"senior": senior, "form": form})


@role_required(VOLUNTEER)
def log_campaign_call(request: HttpRequest, pk: int, campaign_pk: int) -> HttpResponse:
    """A call from the pair's list of an open campaign; another pair's line answers 404."""
    senior, pair = get_senior_and_pair(request, pk)
    entry = get_object_or_404(
        CampaignEntry.objects.select_related("campaign"),
        campaign_id=campaign_pk,
        campaign__closed_at__isnull=True,
        senior=senior,
        pair=pair,
    )
    form = CampaignCallForm(request.POST or None, senior=senior, pair=pair, initial={"campaign": campaign_pk})
    if saved(request, form):
        messages.success(request, _("Call saved."))
        return redirect("visits:my_seniors")
    context = {"senior": senior, "form": form, "entry": entry}
    return render(request, "visits/tablet/campaign_call_form.html", context)


@role_required(VOLUNTEER)
def log_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """The loneliness questions, asked by the pair: the page shows no past answer and no score."""
    senior, pair = get_senior_and_pair(request, pk)
    form = LonelinessForm(request.POST or None, senior=senior, pair=pair)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        messages.success(request, _("Answers saved."))
        return redirect("visits:senior", pk=senior.pk)
    return render(request, "visits/tablet/measure_form.html", {"senior": senior, "form": form})


@role_required(VOLUNTEER)
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the tablet for a page it did not keep, when there is no network."""
    return render(request, "visits/tablet/offline.html")


def app_scope() -> str:
    """The URL prefix of the volunteer pages, where the service worker lives."""
    return reverse("visits:service_worker").rsplit("/", 1)[0] + "/"


@login_not_required  # fetched by the browser without the session cookie; holds nothing personal
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    home = reverse("visits:my_seniors")
    data = {
        "name": _("Home visits"),
        "short_name": _("Visits"),
        "lang": "fr",
        "start_url": home,
        "scope": app_scope(),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0a3d7a",
        "icons": [
            {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@login_not_required  # the browser re-checks it for updates, logged in or not; holds nothing personal
@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /suivi/ so that its scope covers the volunteer pages."""
    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = app_scope()
    return response
