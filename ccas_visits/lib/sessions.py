"""A user's open sessions, read and ended from the server, on every browser at once.

Sessions are server-side (database). At sign-in the session keeps a short description of the
browser and the address it came from (`remember_device`); `volunteers.middleware` stamps the
last activity at most once a minute (`idle_stamp`). A session is never named by its key in a
page: by a hash of it (`public_id`), which cannot be used to sign in."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

DEVICE_KEY = "device"
ADDRESS_KEY = "address"
STAMP_KEY = "idle_stamp"  # written by volunteers.middleware.start_idle_clock

# (what the user agent says, the name shown), the first match wins: Edge and Opera also say Chrome,
# Chrome also says Safari.
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPad", "iPad"),
    ("iPhone", "iPhone"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str) -> str:
    """ "Firefox, Windows": enough for a person to recognise their own device ("" when unknown)."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)


def remember_device(request: HttpRequest) -> None:
    """At sign-in: which browser, from which address (what the server saw, not a proxy's header)."""
    request.session[DEVICE_KEY] = describe_user_agent(request.META.get("HTTP_USER_AGENT", "")[:500])
    request.session[ADDRESS_KEY] = request.META.get("REMOTE_ADDR", "")[:45]


def public_id(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class OpenSession:
    id: str
    device: str
    address: str
    last_activity: datetime.datetime | None
    expires: datetime.datetime
    is_current: bool


def _sessions_of(user) -> list[tuple[Session, dict]]:
    """The user's sessions still in force: not expired, and not from before a password change
    (Django refuses those at their next request: they are not shown as open)."""
    auth_hash = user.get_session_auth_hash()
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk) and constant_time_compare(
            data.get(HASH_SESSION_KEY, ""), auth_hash
        ):
            found.append((session, data))
    return found


def open_sessions_of(user, current_key: str | None) -> list[OpenSession]:
    """The user's open sessions, this one first, then the most recently used."""
    sessions = []
    for session, data in _sessions_of(user):
        stamp = data.get(STAMP_KEY)
        sessions.append(
            OpenSession(
                id=public_id(session.session_key),
                device=data.get(DEVICE_KEY) or _("Unknown browser"),
                address=data.get(ADDRESS_KEY, ""),
                last_activity=datetime.datetime.fromtimestamp(stamp, datetime.UTC) if stamp else None,
                expires=session.expire_date,
                is_current=session.session_key == current_key,
            )
        )
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return sorted(sessions, key=lambda s: (not s.is_current, -(s.last_activity or oldest).timestamp()))


def close_sessions_of(user, *, keep: str | None = None, only: str | None = None) -> int:
    """Delete the open sessions of `user` (all of them; all but the session key `keep`; or only
    the one whose public id is `only`): their next page asks them to sign in again. Sessions are
    read one by one (a town's few hundred at most): their owner is in their data."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
        and session.session_key != keep
        and (only is None or constant_time_compare(public_id(session.session_key), only))
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)
