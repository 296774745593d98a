"""Coordinators import a register, a partner's list or a birthday list: upload, preview, confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ccas_visits.tabular import TableError, discard_upload, load_upload, store_upload
from seniors.imports import IMPORT_SOURCES, import_seniors
from seniors.models import Partner, Senior
from seniors.resources import SeniorResource
from volunteers.roles import COORDINATOR, role_required

SESSION_KEY = "import:seniors"


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


class SeniorImportForm(UploadForm):
    source = forms.ChoiceField(
        label=gettext_lazy("What is this list?"),
        choices=[(source.value, source.label) for source in IMPORT_SOURCES],
        widget=forms.RadioSelect,
        initial=Senior.Source.REGISTER,
    )
    partner = forms.ModelChoiceField(
        Partner.objects.filter(is_active=True),
        label=gettext_lazy("Partner who sent the list"),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("source") == Senior.Source.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Say which partner sent this list."))
        return data


def _partner(stored: dict) -> Partner | None:
    return Partner.objects.filter(pk=stored.get("partner")).first() if stored.get("partner") else None


@role_required(COORDINATOR)
def upload(request: HttpRequest) -> HttpResponse:
    form = SeniorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        source, partner = form.cleaned_data["source"], form.cleaned_data["partner"]
        try:
            report = import_seniors(
                data, file_name=form.cleaned_data["file"].name, source=source, partner=partner, dry_run=True
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            token = store_upload(
                request.session,
                SESSION_KEY,
                data,
                file_name=report.file_name,
                source=source,
                partner=partner.pk if partner else None,
            )
            context = {"report": report, "token": token, "source_label": Senior.Source(source).label}
            return render(request, "seniors/import_preview.html", context)
    return render(request, "seniors/import_upload.html", {"form": form, **_column_help()})


def _column_help() -> dict:
    fields = SeniorResource().fields
    return {
        "required_columns": [fields[name].column_name for name in SeniorResource.REQUIRED],
        "optional_columns": [
            fields[name].column_name for name in fields if name not in SeniorResource.REQUIRED
        ],
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
        return redirect("seniors:import")
    data, details = stored
    try:
        report = import_seniors(
            data,
            file_name=details["file_name"],
            source=details["source"],
            partner=_partner(details),
            user=request.user,
        )
    except (TableError, IntegrityError):
        messages.error(request, _("The records changed during the import; nothing was saved. Try again."))
        return redirect("seniors:import")
    if not report.written:
        messages.error(
            request, _("Some rows are now refused: nothing was saved. Correct the file and try again.")
        )
        context = {
            "report": report,
            "token": details["token"],
            "source_label": Senior.Source(details["source"]).label,
        }
        return render(request, "seniors/import_preview.html", context)
    discard_upload(request.session, SESSION_KEY)
    messages.success(
        request,
        _("Import done: %(create)s new, %(update)s updated, %(unchanged)s unchanged.") % report.counts,
    )
    return redirect("seniors:import")
