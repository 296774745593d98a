"""What the tablet's script (static/js/tablet/) and its service worker are told by the server:
addresses, the send timeout, the names of what they keep on the tablet, and every text they
show, translated here so that the French stays in the catalogue."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from visits.review import OUTBOX_COOKIE
from visits.views.tablet import app_scope

register = template.Library()

# What the tablet keeps: its cache of pages and static files (a new version drops the older
# caches of the same family) and its outbox of records.
CACHE_FAMILY = "ccas-tablet-"
CACHE_NAME = CACHE_FAMILY + "v1"
OUTBOX_DB = "ccas-tablet"


def waiting_since(count: int) -> str:
    return ngettext(
        "{n} record saved on this tablet since {since} has not reached the CCAS yet.",
        "{n} records saved on this tablet since {since} have not reached the CCAS yet.",
        count,
    )


def texts() -> dict[str, str]:
    """The script's texts; `{n}`, `{reason}` are filled in by the script."""
    return {
        "call": _("Call"),
        "visit": _("Visit"),
        "measure": _("Loneliness questions"),
        "campaign": _("Campaign call"),
        "pending": _("Waiting for the network"),
        "sent": _("Sent"),
        "refused": _("Not accepted: {reason}"),
        "correct": _("Correct"),
        "discard": _("Discard"),
        "confirmDiscard": _("Discard this record? It will never be sent."),
        "summaryPending": _("Waiting to be sent: {n}."),
        "summaryRefused": _("To correct or discard: {n}."),
        "summarySent": _("Everything is sent."),
        "summaryOther": _("Records of another volunteer wait for their next login: {n}."),
        "loginNeeded": _("Log in again so that the waiting records can be sent."),
        "savedCall": _("Call saved."),
        "savedVisit": _("Visit saved."),
        "savedMeasure": _("Answers saved."),
        "savedCampaign": _("Call saved."),
        "keptCall": _("Call saved on the tablet. It will be sent as soon as the network is back."),
        "keptVisit": _("Visit saved on the tablet. It will be sent as soon as the network is back."),
        "keptCampaign": _("Call saved on the tablet. It will be sent as soon as the network is back."),
        "keptMeasure": _("Answers saved on the tablet. They will be sent as soon as the network is back."),
        "refusedForm": _("The record was not accepted. Correct what is shown below and save again."),
        "correcting": _("You are correcting a record that was not accepted:"),
        "queued": _("Sent to your coordinator, who will file it"),
        # Both forms of the plural: the script picks by French's rule (plural above 1).
        "waitingSince": waiting_since(1),
        "waitingSinceMany": waiting_since(2),
        "openSoon": _(
            "Open the app with network in the next few days: they leave only then, and a tablet "
            "that stays unused for a week may erase them."
        ),
        "alreadySaved": _("This form was already saved: it is not sent a second time."),
    }


def service_worker_url() -> str:
    """The worker's address, with what it needs to know in its query (it has no page to read)."""
    query = {
        "static": settings.STATIC_URL,
        "cache": CACHE_NAME,
        "family": CACHE_FAMILY,
        "offline": reverse("visits:offline"),
        "no_network": _("No network"),
    }
    return reverse("visits:service_worker") + "?" + urlencode(query)


@register.simple_tag(takes_context=True)
def tablet_config(context: template.Context) -> dict:
    """Rendered once into the page with json_script, read by static/js/tablet/config.js."""
    return {
        "user": str(context["request"].user.pk),
        "locale": get_language(),
        "syncUrl": reverse("visits:sync"),
        "sendTimeoutMs": settings.TABLET_SEND_TIMEOUT_SECONDS * 1000,
        "swUrl": service_worker_url(),
        "swScope": app_scope(),
        "staticPrefix": settings.STATIC_URL,
        "logoutUrl": reverse("logout"),
        "cacheName": CACHE_NAME,
        "outboxDb": OUTBOX_DB,
        "outboxCookie": OUTBOX_COOKIE,
        "texts": texts(),
    }
