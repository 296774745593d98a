"""The senior's rights: a copy of everything held (access), erasure by anonymisation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.access_request import access_request_pdf
from seniors.models import AccessLog, Senior
from seniors.services import anonymise_senior, log_access


@role_required(COORDINATOR)
def access_request(request: HttpRequest, pk: int) -> HttpResponse:
    senior = get_object_or_404(Senior.objects.visible_to(request.user), pk=pk)
    pdf = access_request_pdf(senior)
    log_access(user=request.user, action=AccessLog.Action.ACCESS_REQUEST, senior=senior)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-senior-{senior.pk}.pdf"'
    return response


@role_required(COORDINATOR)
def anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    senior = get_object_or_404(
        Senior.objects.visible_to(request.user).filter(anonymised_at__isnull=True), pk=pk
    )
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            anonymise_senior(senior, by=request.user)
            messages.success(request, _("The file was anonymised: the figures stay, the identity is gone."))
            return redirect("home")
    return render(request, "seniors/anonymise_confirm.html", {"senior": senior})
