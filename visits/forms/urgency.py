"""The urgent-alert part of every contact form: tablet call and visit, the coordinators'
call and visit, and the campaign call. The same fields, checks and messages everywhere;
the alert itself is raised by `visits.services.raise_alert`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visits.models import Alert
from visits.services import AlertInput

# What a person can flag; "not reached during a campaign" is raised by the campaign itself.
URGENT_KINDS = [choice for choice in Alert.Kind.choices if choice[0] != Alert.Kind.NOT_REACHED]
URGENCY_FIELDS = ("urgent", "urgent_kind", "urgent_description")


class UrgencyForm(forms.Form):
    urgent = forms.BooleanField(label=_("Something is urgent"), required=False)
    urgent_kind = forms.ChoiceField(
        label=_("What kind of urgency?"),
        choices=URGENT_KINDS,
        initial=Alert.Kind.OTHER,
        required=False,
        widget=forms.RadioSelect,
    )
    urgent_description = forms.CharField(
        label=_("Describe the urgency in a few words"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in URGENCY_FIELDS:  # after the contact's own fields
            self.fields[name] = self.fields.pop(name)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("urgent"):
            if not data.get("urgent_description", "").strip():
                self.add_error("urgent_description", _("Say in a few words what is urgent."))
            if not data.get("urgent_kind"):
                self.add_error("urgent_kind", _("Choose the kind of urgency."))
        return data

    def alert_input(self) -> AlertInput | None:
        data = self.cleaned_data
        if not data.get("urgent"):
            return None
        return AlertInput(kind=data["urgent_kind"], description=data["urgent_description"].strip())


def as_tablet_buttons(form: forms.Form) -> None:
    """Draw the urgency fields as the tablet's large buttons."""
    form.fields["urgent"].widget.attrs["class"] = "btn-check"
    form.fields["urgent_kind"].widget.attrs["class"] = "btn-check"
    form.fields["urgent_description"].widget.attrs["class"] = "form-control"
