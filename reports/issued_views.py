"""Issued bilans: a coordinator issues a period's bilan once it is over; managers and
coordinators download the files as issued, see what changed since, and check a file they
hold against the issued ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, role_required
from reports.forms import IssueForm, VerifyForm
from reports.models import IssuedBilan
from reports.services import (
    AlreadyIssued,
    changes_since,
    figure_moves,
    figures_of,
    issue_bilan,
    log_issued_download,
    next_version,
)


@require_POST
@role_required(COORDINATOR)
def issue(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("manager_home")
    try:
        issued = issue_bilan(period=form.period, version=form.cleaned_data["version"], by=request.user)
    except AlreadyIssued as taken:
        messages.info(request, " ".join(taken.messages))
        if taken.issued is not None:
            return redirect("reports:issued_detail", pk=taken.issued.pk)
        return redirect("manager_home")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("manager_home")
    messages.success(request, issued_message(issued))
    return redirect("reports:issued_detail", pk=issued.pk)


def issued_message(issued: IssuedBilan) -> str:
    return _("The bilan %(period)s has been issued (version %(version)s).") % {
        "period": issued.period.label,
        "version": issued.version,
    }


@role_required(COORDINATOR, MANAGER)
def issued_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued version: its files and hashes, the changes made in its period since, and
    how each key figure would move if it were issued again today."""
    issued = get_object_or_404(IssuedBilan.objects.select_related("issued_by"), pk=pk)
    latest = next_version(issued.period) - 1
    context = {
        "issued": issued,
        "changes": changes_since(issued),
        "moves": figure_moves(issued.figures, figures_of(issued.period)),
        "is_latest": issued.version == latest,
        "next_version": latest + 1,
    }
    return render(request, "reports/issued_detail.html", context)


@role_required(COORDINATOR, MANAGER)
def issued_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The file as issued, read from storage byte for byte."""
    if fmt not in IssuedBilan.FORMATS:
        raise Http404
    issued = get_object_or_404(IssuedBilan, pk=pk)
    stored = issued.file(fmt)
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    log_issued_download(issued=issued, fmt=fmt, by=request.user)
    return FileResponse(handle, as_attachment=True, filename=issued.filename(fmt))


@role_required(COORDINATOR, MANAGER)
def verify(request: HttpRequest) -> HttpResponse:
    """Is this file (or this SHA-256) one of the issued bilans' files?"""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        digest = form.digest
        context["digest"] = digest
        context["match"] = IssuedBilan.objects.with_sha256(digest).first()
        context["checked"] = True
    return render(request, "reports/verify.html", context, status=400 if form.errors else 200)
