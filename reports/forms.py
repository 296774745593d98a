"""Forms of the reports app: a report's period, the programme budget, the yearly targets,
issuing a bilan and checking a file against the issued ones."""

from __future__ import annotations

import datetime
import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from reports.models import Budget, ExpenseLine, Funding, Target, ThreeYearTarget, VolunteerHourValue
from reports.periods import Period

# A range longer than this makes a tally table nobody can read.
MAX_PERIOD_DAYS = 3 * 366
EARLIEST = datetime.date(2000, 1, 1)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To (inclusive)"), widget=DATE_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("The end of the period comes before its start."))
            if start < EARLIEST:
                raise ValidationError(_("The period starts too early."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise ValidationError(_("A report covers three years at most."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["name", "starts_on", "ends_on", "notes"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


# A budget's funding or expense lines, the yearly targets: far fewer than this. A formset
# claiming more forms (TOTAL_FORMS) is refused with a French message, whatever it claims,
# before any form past this number is built or shown.
MAX_LINES = 50
BOUNDED = {"max_num": MAX_LINES, "absolute_max": MAX_LINES, "validate_max": True}

FundingFormSet = inlineformset_factory(
    Budget,
    Funding,
    fields=["source", "label", "amount", "cap_pct", "is_confirmed"],
    extra=2,
    can_delete=True,
    **BOUNDED,
)

ExpenseLineFormSet = inlineformset_factory(
    Budget,
    ExpenseLine,
    fields=["category", "label", "planned", "spent"],
    extra=2,
    can_delete=True,
    **BOUNDED,
)

TargetFormSet = modelformset_factory(
    Target,
    fields=["year", "volunteers_growth_pct", "seniors_growth_pct"],
    extra=1,
    can_delete=True,
    **BOUNDED,
)

ThreeYearTargetFormSet = modelformset_factory(
    ThreeYearTarget,
    fields=["first_year", "volunteers_growth_pct", "seniors_growth_pct"],
    extra=1,
    can_delete=True,
    **BOUNDED,
)


HourValueFormSet = modelformset_factory(
    VolunteerHourValue,
    fields=["year", "value"],
    extra=1,
    can_delete=True,
    **BOUNDED,
)


class IssueForm(PeriodForm):
    """Issue the period's bilan; `version` is the one the page offered, so that a second
    click issues nothing more."""

    version = forms.IntegerField(min_value=1, max_value=1000, widget=forms.HiddenInput)


# A bilan's PDF weighs well under a megabyte; anything much larger is not one of them.
VERIFY_MAX_BYTES = 20 * 1024 * 1024
VERIFY_EXTENSIONS = (".pdf", ".xlsx", ".csv")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class VerifyForm(forms.Form):
    """A file a manager holds, or its SHA-256, to check against the issued bilans."""

    file = forms.FileField(label=_("File (PDF, XLSX or CSV)"), required=False)
    sha256 = forms.CharField(label=_("or its SHA-256"), required=False, max_length=200, strip=True)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(VERIFY_EXTENSIONS):
            raise ValidationError(_("Give a PDF, XLSX or CSV file."))
        if upload.size > VERIFY_MAX_BYTES:
            raise ValidationError(_("This file weighs more than 20 MB: no issued bilan is that large."))
        return upload

    def clean_sha256(self) -> str:
        digest = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if digest and not SHA256_RE.match(digest):
            raise ValidationError(_("A SHA-256 is 64 hexadecimal characters (0-9, a-f)."))
        return digest

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise ValidationError(_("Choose a file or paste its SHA-256."))
        return data

    @property
    def digest(self) -> str:
        """The SHA-256 to look for: the uploaded file's, read in chunks, or the one pasted."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["sha256"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()
