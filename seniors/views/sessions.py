"""Every signed-in user's own page of sign-ins and open sessions ("Mes connexions"), any role."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ccas_visits.lib.sessions import open_sessions_of
from seniors.accounts import end_sessions
from seniors.models import AccessLog

SIGN_INS_SHOWN = 20
ALL_OTHERS = "others"


def my_sessions(request: HttpRequest) -> HttpResponse:
    """Only the user's own: no id in the address, nobody else's sessions to reach."""
    context = {
        "sessions": open_sessions_of(request.user, request.session.session_key),
        "sign_ins": AccessLog.objects.sign_ins_of(request.user)[:SIGN_INS_SHOWN],
        "all_others": ALL_OTHERS,
    }
    return render(request, "seniors/my_sessions.html", context)


@require_POST
def my_sessions_end(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("session", "")
    only = None if target == ALL_OTHERS else target
    count = end_sessions(request.user, current_key=request.session.session_key, only=only) if target else 0
    if count:
        message = ngettext("%(count)d session ended.", "%(count)d sessions ended.", count) % {"count": count}
        messages.success(request, message)
    else:
        messages.error(request, _("No other session to end: it had already ended."))
    return redirect("my_sessions")
