"""After the password, an account asked for a second factor reaches only the pages that set it
up (no factor yet) or ask for it (a factor set up), and signing out. Everything else, the
Django admin, the reports' files and every page alike, redirects there until it is passed."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from second_factor.policy import has_second_factor, is_required_for

# Open to anyone, signed in or not: signing in and out, the password reset, what the browser
# fetches by itself, and the passkey ceremonies (the library refuses a new passkey to an account
# that has a factor and has not passed it).
ALWAYS_OPEN = {
    "login",
    "logout",
    "admin_login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "visits:service_worker",
    "visits:manifest",
}
OPEN_NAMESPACES = {"otp_webauthn"}
TO_SET_UP = {"second_factor:enrol", "second_factor:enrol_app", "second_factor:enrol_passkey"}
TO_PASS = {"second_factor:verify", "second_factor:recovery"}


def redirect_keeping_next(request: HttpRequest, view_name: str) -> HttpResponse:
    url = reverse(view_name)
    if request.method == "GET" and not request.headers.get("HX-Request"):
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not is_required_for(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match.view_name in ALWAYS_OPEN or OPEN_NAMESPACES.intersection(match.namespaces):
            return None
        if has_second_factor(user):
            return (
                None if match.view_name in TO_PASS else redirect_keeping_next(request, "second_factor:verify")
            )
        return None if match.view_name in TO_SET_UP else redirect_keeping_next(request, "second_factor:enrol")
