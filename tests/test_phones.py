"""Phone numbers: every usual French writing stored in E.164, shown "06 12 34 56 78" on
pages, exports and PDFs, dialled in E.164; old values that are not numbers kept, marked."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from ccas_visits.lib.phones import dial_phone, display_phone, normalise_phone, phones_to_e164
from seniors.models import Senior
from tests.factories import SeniorFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033612345678",
        "33612345678",  # what Excel makes of +33612345678
        "612345678",  # a number cell that lost its leading zero
    ],
)
def test_every_usual_writing_of_a_french_number_is_stored_in_e164(typed):
    assert normalise_phone(typed) == "+33612345678"


def test_a_landline_with_the_bracketed_zero_is_not_stored_with_a_zero_too_many():
    assert normalise_phone("+33 (0)1 23 45 67 89") == "+33123456789"
    assert display_phone("+33123456789") == "01 23 45 67 89"


def test_a_foreign_number_is_kept_and_shown_in_its_international_form():
    assert normalise_phone("+44 20 7946 0958") == "+442079460958"
    assert display_phone("+442079460958") == "+44 20 7946 0958"


@pytest.mark.parametrize("typed", ["appeler", "12", "01 23 45 67 8", "0700000000"])
def test_what_is_not_a_valid_number_is_refused_in_french(typed):
    with pytest.raises(ValidationError) as error:
        VolunteerFactory.build(phone=typed).full_clean(exclude=["user"])
    assert error.value.message_dict["phone"] == ["Saisissez un numéro de téléphone comme 06 12 34 56 78."]


def test_model_cleaning_stores_e164():
    volunteer = VolunteerFactory.build(phone="06 12 34 56 78")
    volunteer.full_clean(exclude=["user"])
    assert volunteer.phone == "+33612345678"


def test_a_number_kept_as_typed_is_shown_as_it_is_and_dialled_by_its_digits():
    assert display_phone("0700 000 000") == "0700 000 000"
    assert dial_phone("0700 000 000") == "0700000000"
    assert display_phone("") == ""


def test_the_template_filters_show_the_french_form_and_dial_e164():
    template = Template(
        '{% load phones %}<a href="tel:{{ p|phone_dial }}">{{ p|phone }}</a>'
        "{% if not p|phone_checked %}!{% endif %}"
    )
    assert template.render(Context({"p": "+33612345678"})) == '<a href="tel:+33612345678">06 12 34 56 78</a>'
    assert template.render(Context({"p": "appeler"})).endswith("!")


def test_senior_page_shows_the_french_form_and_marks_a_number_to_check(coordinator_client):
    good = SeniorFactory(phone="+33612345678")
    kept = SeniorFactory(phone="06 12 34")
    assert (
        "06 12 34 56 78"
        in coordinator_client.get(reverse("seniors:senior_detail", args=[good.pk])).content.decode()
    )
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[kept.pk])).content.decode()
    assert "06 12 34" in page and "numéro à vérifier" in page


def test_the_data_migration_rewrites_numbers_in_e164_and_keeps_what_it_cannot_read():
    """What seniors/migrations/0004 and volunteers/migrations/0004 run on existing data."""
    typed = SeniorFactory(phone="06 12 34 56 78", emergency_contact_phone="+33 (0)3 22 11 22 33")
    excel = SeniorFactory(phone="33612345678", emergency_contact_phone="")
    unreadable = SeniorFactory(phone="le fils", emergency_contact_phone="0612")
    phones_to_e164(Senior, ("phone", "emergency_contact_phone"))
    stored = dict(Senior.objects.values_list("pk", "phone"))
    assert stored == {typed.pk: "+33612345678", excel.pk: "+33612345678", unreadable.pk: "le fils"}
    unreadable.refresh_from_db()
    assert unreadable.emergency_contact_phone == "0612"
    assert Senior.objects.get(pk=typed.pk).emergency_contact_phone == "+33322112233"
