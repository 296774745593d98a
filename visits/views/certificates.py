"""What a volunteer gets back. Coordinators: the requests for a certificate of volunteering,
the certificates issued, and issuing one from the volunteer's page. A volunteer, on the
tablet: "Mon bénévolat", their own figures and certificates, and asking for one.

A certificate belongs to its volunteer and to the coordinators: anyone else, another
volunteer or a manager, gets the 404 of a certificate that does not exist."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.permissions import COORDINATOR, VOLUNTEER, is_coordinator, role_required
from visits.certificates import (
    certificate_pdf,
    issue_certificate,
    request_certificate,
    since_joining,
    this_year,
    volunteer_record,
)
from visits.forms.certificates import CertificateForm, CertificateRequestForm
from volunteers.models import Certificate, CertificateRequest, Volunteer

PAGE_SIZE = 50


@role_required(COORDINATOR)
def certificate_list(request: HttpRequest) -> HttpResponse:
    volunteers = Volunteer.objects.visible_to(request.user)
    issued = Certificate.objects.filter(volunteer__in=volunteers).select_related("volunteer")
    context = {
        "requests": CertificateRequest.objects.open()
        .filter(volunteer__in=volunteers)
        .select_related("volunteer"),
        "certificates": Paginator(issued, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "visits/coordination/certificate_list.html", context)


def _default_end(volunteer: Volunteer, today):
    return min(volunteer.left_on, today) if volunteer.left_on else today


@role_required(COORDINATOR)
def certificate_create(request: HttpRequest, volunteer_pk: int) -> HttpResponse:
    volunteer = get_object_or_404(Volunteer.objects.visible_to(request.user), pk=volunteer_pk)
    today = timezone.localdate()
    initial = {
        "form_key": uuid.uuid4(),
        "starts_on": min(volunteer.joined_on, today),
        "ends_on": _default_end(volunteer, today),
        "signatory_name": request.user.get_full_name() or request.user.get_username(),
        "signatory_title": _("Programme coordinator"),
        "place": settings.CCAS_TOWN,
    }
    form = CertificateForm(request.POST or None, initial=initial)
    # "Show the figures" recomputes them for the period typed and issues nothing.
    if form.is_valid() and "preview" not in request.POST:
        certificate, created = issue_certificate(
            form_key=form.cleaned_data["form_key"],
            volunteer=volunteer,
            by=request.user,
            today=today,
            **form.certificate_data(),
        )
        if created:
            messages.success(
                request, _("Certificate no. %(number)s is issued.") % {"number": certificate.number}
            )
        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    # The figures the certificate will print, for the period typed (or the default one).
    period = form.cleaned_data if form.is_bound and not form.errors else initial
    context = {
        "form": form,
        "volunteer": volunteer,
        "record": volunteer_record(volunteer, period["starts_on"], period["ends_on"]),
        "open_request": CertificateRequest.objects.open().filter(volunteer=volunteer).first(),
    }
    return render(request, "visits/coordination/certificate_form.html", context)


def _own_volunteer(request: HttpRequest) -> Volunteer:
    """The signed-in volunteer, while they have access (a paused or gone volunteer's tablet
    only sends what it holds)."""
    volunteer = Volunteer.objects.filter(user=request.user).with_access().first()
    if volunteer is None:
        raise Http404
    return volunteer


@role_required(COORDINATOR, VOLUNTEER)
def certificate_file(request: HttpRequest, pk: int) -> HttpResponse:
    if is_coordinator(request.user):
        certificates = Certificate.objects.filter(volunteer__in=Volunteer.objects.visible_to(request.user))
    else:
        certificates = Certificate.objects.filter(volunteer=_own_volunteer(request))
    certificate = get_object_or_404(certificates.select_related("volunteer"), pk=pk)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-benevolat-{certificate.number}.pdf"'
    return response


@role_required(VOLUNTEER)
def my_volunteering(request: HttpRequest) -> HttpResponse:
    volunteer = _own_volunteer(request)
    today = timezone.localdate()
    in_all = since_joining(volunteer, today)
    context = {
        "volunteer": volunteer,
        "periods": [
            (this_year(volunteer, today), _("In %(year)s") % {"year": today.year}),
            (in_all, _("Since you joined")),
        ],
        "in_all": in_all,
        "certificates": volunteer.certificates.all(),
        "open_request": CertificateRequest.objects.open().filter(volunteer=volunteer).first(),
        "form": CertificateRequestForm(),
    }
    return render(request, "visits/tablet/my_volunteering.html", context)


@require_POST
@role_required(VOLUNTEER)
def certificate_request(request: HttpRequest) -> HttpResponse:
    volunteer = _own_volunteer(request)
    form = CertificateRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["purpose"][0])
        return redirect("visits:my_volunteering")
    _request, created = request_certificate(volunteer, form.cleaned_data["purpose"])
    if created:
        messages.success(request, _("Your request is sent to the coordinators."))
    else:
        messages.info(request, _("Your request was already sent: the coordinators have it."))
    return redirect("visits:my_volunteering")
