"""The certificate of volunteering as a coordinator issues it, and a volunteer's request."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits.forms.coordination import DATE_INPUT
from visits.forms.six_monthly import identifier_field


class CertificateForm(forms.Form):
    form_key = identifier_field()
    starts_on = forms.DateField(label=_("From"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Until"), widget=DATE_INPUT)
    activities = forms.CharField(
        label=_("Missions carried out (optional)"),
        help_text=_("A few lines the volunteer can use for a CV or a VAE file. Never a senior's name."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signatory_name = forms.CharField(label=_("Signed by"), max_length=150)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=150)
    place = forms.CharField(label=_("Made at"), max_length=100, help_text=_("The town, as in “Fait à …”."))

    def clean_ends_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("ends_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("A certificate covers what was done: this date is in the future."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("The period ends before it starts."))
        return data

    def certificate_data(self) -> dict:
        fields = ("starts_on", "ends_on", "activities", "signatory_name", "signatory_title", "place")
        return {name: self.cleaned_data[name] for name in fields}


class CertificateRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("What is it for? (optional)"),
        help_text=_("For example: a CV, a civic-service record, a VAE file."),
        max_length=200,
        required=False,
    )
