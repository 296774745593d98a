"""Coordinators import the volunteers' list: upload, preview, confirm."""

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.tabular import TableError, discard_upload, load_upload, store_upload
from seniors.views.imports import UploadForm
from volunteers.imports import import_volunteers
from volunteers.resources import VolunteerResource
from volunteers.roles import COORDINATOR, role_required

SESSION_KEY = "import:volunteers"


@role_required(COORDINATOR)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = import_volunteers(data, file_name=form.cleaned_data["file"].name, dry_run=True)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            token = store_upload(request.session, SESSION_KEY, data, file_name=report.file_name)
            return render(request, "volunteers/import_preview.html", {"report": report, "token": token})
    return render(request, "volunteers/import_upload.html", {"form": form, **_column_help()})


def _column_help() -> dict:
    fields = VolunteerResource().fields
    required = VolunteerResource.REQUIRED
    return {
        "required_columns": [fields[name].column_name for name in required],
        "optional_columns": [fields[name].column_name for name in fields if name not in required],
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }


@require_POST
@role_required(COORDINATOR)
def confirm(request: HttpRequest) -> HttpResponse:
    """Check the stored file again against today's records, then write all of it or nothing."""
    stored = load_upload(request.session, SESSION_KEY, request.POST.get("token", ""))
    if stored is None:
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("volunteers:import")
    data, details = stored
    try:
        report = import_volunteers(data, file_name=details["file_name"], user=request.user)
    except (TableError, IntegrityError):
        messages.error(request, _("The records changed during the import; nothing was saved. Try again."))
        return redirect("volunteers:import")
    if not report.written:
        messages.error(
            request, _("Some rows are now refused: nothing was saved. Correct the file and try again.")
        )
        return render(
            request, "volunteers/import_preview.html", {"report": report, "token": details["token"]}
        )
    discard_upload(request.session, SESSION_KEY)
    messages.success(
        request,
        _("Import done: %(create)s new, %(update)s updated, %(unchanged)s unchanged.") % report.counts,
    )
    return redirect("volunteers:import")
