"""What the two-step imports (seniors, volunteers) share: the upload form, the columns help,
and the confirm step, which checks the stored file again against today's records and then
writes all of it or nothing."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccas_visits.lib.import_reports import ImportReport
from ccas_visits.lib.spreadsheet_reading import TableError
from ccas_visits.lib.uploads import discard_upload, load_upload


class UploadForm(forms.Form):
    """The file; subclasses add what kind of list it is."""

    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("An Excel file (.xlsx) or a CSV file.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s): at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        return upload


def column_help(resource_class) -> dict:
    """The columns a file must and may have, and the limits, for the upload page."""
    fields = resource_class().fields
    required = resource_class.REQUIRED
    return {
        "required_columns": [fields[name].column_name for name in required],
        "optional_columns": [fields[name].column_name for name in fields if name not in required],
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }


def confirm_import(
    request: HttpRequest,
    *,
    session_key: str,
    run: Callable[[bytes, dict], ImportReport],
    back_to: str,
    preview_template: str,
    preview_context: Callable[[dict], dict] = lambda details: {},
) -> HttpResponse:
    """Run the import of the file stored at the preview (`run(data, details)`), or say why not.

    `details` are those stored at the preview, with `neighbourhood_choices` from the form."""
    stored = load_upload(request.session, session_key, request.POST.get("token", ""))
    if stored is None:
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect(back_to)
    data, details = stored
    # What the coordinator chose in the preview for each new neighbourhood (create it, count
    # it as one held, leave it empty): volunteers.neighbourhoods.
    choices = {
        name: request.POST.get(f"neighbourhood-{index}", "")
        for index, name in enumerate(details.get("new_neighbourhoods", []))
    }
    try:
        report = run(data, {**details, "neighbourhood_choices": choices})
    except (TableError, IntegrityError):
        messages.error(request, _("The records changed during the import; nothing was saved. Try again."))
        return redirect(back_to)
    if not report.written:
        messages.error(
            request, _("Some rows are now refused: nothing was saved. Correct the file and try again.")
        )
        context = {
            "report": report,
            "token": details["token"],
            "import_view": back_to,
            **preview_context(details),
        }
        return render(request, preview_template, context)
    discard_upload(request.session, session_key)
    messages.success(request, _("Import done: %(counts)s.") % {"counts": report.counts_text(refused=False)})
    return redirect(back_to)
