"""Forms of the reports app: a report's period, the programme budget, the yearly targets."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from reports.models import Budget, ExpenseLine, Funding, Target, ThreeYearTarget
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
    fields=["source", "label", "amount", "is_confirmed"],
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
)
