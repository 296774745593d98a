"""Coordinators import a register, a partner's list or a birthday list: upload, preview, confirm."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ccas_visits.lib.import_views import UploadForm, column_help, confirm_import
from ccas_visits.lib.permissions import COORDINATOR, role_required
from ccas_visits.lib.spreadsheet_reading import TableError
from ccas_visits.lib.uploads import store_upload
from seniors.imports import IMPORT_SOURCES, import_seniors
from seniors.models import Partner, Senior
from seniors.resources import SeniorResource

SESSION_KEY = "import:seniors"


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
                new_neighbourhoods=report.new_neighbourhoods,
            )
            context = {
                "report": report,
                "token": token,
                "source_label": Senior.Source(source).label,
                "import_view": "seniors:import",
            }
            return render(request, "seniors/import_preview.html", context)
    return render(request, "seniors/import_upload.html", {"form": form, **column_help(SeniorResource)})


@require_POST
@role_required(COORDINATOR)
def confirm(request: HttpRequest) -> HttpResponse:
    def run(data: bytes, details: dict):
        return import_seniors(
            data,
            file_name=details["file_name"],
            source=details["source"],
            partner=_partner(details),
            user=request.user,
            neighbourhood_choices=details["neighbourhood_choices"],
        )

    return confirm_import(
        request,
        session_key=SESSION_KEY,
        run=run,
        back_to="seniors:import",
        preview_template="seniors/import_preview.html",
        preview_context=lambda details: {"source_label": Senior.Source(details["source"]).label},
    )
