"""Selects written in Python read exactly as Django's own templates write them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import SimpleTestCase

from ccas_visits.lib.form_rendering import FormRenderer

CHOICES = [
    ("", "---------"),
    ("1", "N'Diaye & <Lefèvre>"),
    ("Quartiers", [("2", "Saint-Leu"), ("3", "Étouvie")]),
]


class Form(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    flagged = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "form-select", "disabled": True})
    )


@pytest.mark.parametrize("data", [{}, {"one": "3", "many": ["1", "2"], "flagged": "1"}])
def test_selects_render_as_with_django_templates(data):
    ours = Form(data=data, renderer=FormRenderer())
    django = Form(data=data, renderer=DjangoTemplates())
    for name in ("one", "many", "flagged"):
        SimpleTestCase().assertHTMLEqual(str(ours[name]), str(django[name]))
    assert "N&#x27;Diaye &amp; &lt;Lefèvre&gt;" in str(ours["one"])


def test_a_select_with_its_own_option_template_keeps_django_rendering():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    def rendered(renderer) -> str:
        form = forms.Form(renderer=renderer)
        form.fields["x"] = forms.ChoiceField(choices=CHOICES[:2], widget=Fancy)
        return str(form["x"])

    ours = rendered(FormRenderer())
    assert "<input" in ours  # the widget's own option template was used
    assert ours == rendered(DjangoTemplates())
