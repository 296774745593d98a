"""The loneliness questions and the six-monthly review, as a coordinator fills them in with
the senior (on the phone, at a visit) and the pair's input."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits.forms.coordination import DATE_INPUT
from visits.six_monthly import UCLA_FIELDS, Frequency, Loneliness, SixMonthReview

# INDICATORS.md, "Loneliness measure": the questions as asked; `LONELINESS_QUESTIONS` in the
# settings may reword them (a dict from these field names to the CCAS's own wording).
QUESTIONS = {
    "lacks_companionship": _("How often do you feel that you lack companionship?"),
    "feels_left_out": _("How often do you feel left out?"),
    "feels_isolated": _("How often do you feel isolated from others?"),
    "feels_lonely": _("How often do you feel lonely?"),
}
ANSWER_FIELDS = (*UCLA_FIELDS, "feels_lonely")


def _question(name: str) -> str:
    return (getattr(settings, "LONELINESS_QUESTIONS", None) or {}).get(name) or QUESTIONS[name]


def questions() -> dict[str, str]:
    """The questions as this CCAS asks them."""
    return {name: _question(name) for name in QUESTIONS}


def _answer_field(name: str, choices, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=QUESTIONS[name],
        help_text=help_text,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class IdentifierField(forms.CharField):
    """The form's own identifier: sent twice (a double click, Back then send again), the form
    is stored once. One that is missing or mangled is no fault of the person typing: the send
    gets a new identifier rather than a message they could do nothing about."""

    widget = forms.HiddenInput

    def clean(self, value) -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            return uuid.uuid4()


def identifier_field() -> IdentifierField:
    return IdentifierField(required=False)


def _day_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT)


class MeasureFields(forms.Form):
    """The four questions and "does not wish to answer": three answers make a score, a refusal
    makes none, and a half-answered questionnaire is refused before anything is saved."""

    declined = forms.BooleanField(
        label=_("The senior does not wish to answer"),
        required=False,
        help_text=_("Recorded as such, never as a score."),
    )

    # Declared on the class: the tablet's sends are read against the form's declared fields.
    lacks_companionship = _answer_field("lacks_companionship", Frequency.choices)
    feels_left_out = _answer_field("feels_left_out", Frequency.choices)
    feels_isolated = _answer_field("feels_isolated", Frequency.choices)
    feels_lonely = _answer_field(
        "feels_lonely", Loneliness.choices, _("Reported on its own, not added to the score.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ANSWER_FIELDS:
            self.fields[name].label = _question(name)

    def clean(self) -> dict:
        data = super().clean()
        answered = [name for name in ANSWER_FIELDS if data.get(name) is not None]
        if data.get("declined") and answered:
            raise forms.ValidationError(
                _("The senior does not wish to answer: leave the answers empty, or untick that box."),
                code="declined_with_answers",
            )
        if not data.get("declined"):
            for name in UCLA_FIELDS:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the answer, or tick “The senior does not wish to answer”."))
        return data

    def measure_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("declined", *ANSWER_FIELDS)}

    @staticmethod
    def not_in_future(day: datetime.date | None) -> datetime.date | None:
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."), code="future")
        return day


class MeasureForm(MeasureFields):
    field_order = ("measured_on", "declined", *ANSWER_FIELDS)

    uuid = identifier_field()
    measured_on = _day_field(_("Asked on"))

    def clean_measured_on(self) -> datetime.date | None:
        return self.not_in_future(self.cleaned_data.get("measured_on"))


class ReviewForm(MeasureFields):
    field_order = ("reviewed_on", "declined", *ANSWER_FIELDS, "rhythm", "proposed", "pair_input", "decision")

    uuid = identifier_field()
    reviewed_on = _day_field(_("Reviewed on"))
    rhythm = forms.ChoiceField(
        label=_("Is the rhythm of calls and visits right?"),
        choices=SixMonthReview.Rhythm.choices,
        widget=forms.RadioSelect,
    )
    proposed = forms.CharField(
        label=_("What was proposed and taken up"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Activities, services, orientations: what the senior accepted or declined."),
    )
    pair_input = forms.CharField(
        label=_("What the pair says"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=SixMonthReview.Decision.choices, widget=forms.RadioSelect
    )

    def clean_reviewed_on(self) -> datetime.date | None:
        return self.not_in_future(self.cleaned_data.get("reviewed_on"))

    def review_data(self) -> dict:
        names = ("reviewed_on", "rhythm", "proposed", "pair_input", "decision")
        return {name: self.cleaned_data[name] for name in names}
