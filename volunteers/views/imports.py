"""Coordinators import the volunteers' list: upload, preview, confirm."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from ccas_visits.lib.import_views import UploadForm, column_help, confirm_import
from ccas_visits.lib.permissions import COORDINATOR, role_required
from ccas_visits.lib.spreadsheet_reading import TableError
from ccas_visits.lib.uploads import store_upload
from volunteers.imports import import_volunteers
from volunteers.resources import VolunteerResource

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
            token = store_upload(
                request.session,
                SESSION_KEY,
                data,
                file_name=report.file_name,
                new_neighbourhoods=report.new_neighbourhoods,
            )
            context = {"report": report, "token": token, "import_view": "volunteers:import"}
            return render(request, "volunteers/import_preview.html", context)
    return render(request, "volunteers/import_upload.html", {"form": form, **column_help(VolunteerResource)})


@require_POST
@role_required(COORDINATOR)
def confirm(request: HttpRequest) -> HttpResponse:
    return confirm_import(
        request,
        session_key=SESSION_KEY,
        run=lambda data, details: import_volunteers(
            data,
            file_name=details["file_name"],
            user=request.user,
            neighbourhood_choices=details["neighbourhood_choices"],
        ),
        back_to="volunteers:import",
        preview_template="volunteers/import_preview.html",
    )
