"""Importing the volunteers' list."""

import datetime

import pytest

from ccas_visits.lib.import_reports import Action
from tests.factories import NeighbourhoodFactory, VolunteerFactory
from tests.imports.conftest import make_csv
from volunteers.imports import import_volunteers
from volunteers.models import CharterSignature, CharterVersion, Neighbourhood, Volunteer

pytestmark = pytest.mark.django_db

HEADERS = ["Nom", "Prénom", "Courriel", "Tél", "Type", "Quartiers", "Charte signée le"]


def run(rows, **kwargs):
    return import_volunteers(
        make_csv(rows, headers=HEADERS, delimiter=";"), file_name="benevoles.csv", **kwargs
    )


def test_volunteers_are_created_with_neighbourhoods_and_charter_signature():
    charter = CharterVersion.objects.create(label="2024", published_on=datetime.date(2024, 1, 1), text="…")
    NeighbourhoodFactory(name="Saint-Leu")
    NeighbourhoodFactory(name="Étouvie")
    rows = [
        [
            "Martin",
            "Josiane",
            "josiane@example.org",
            "06 12 34 56 78",
            "Bénévole senior",
            "saint-leu; etouvie",
            "10/01/2024",
        ],
        ["Diallo", "Awa", "", "", "Service civique", "", ""],
    ]
    report = run(rows)
    assert report.written and report.counts["create"] == 2
    josiane = Volunteer.objects.get(last_name="Martin")
    assert josiane.phone == "+33612345678" and josiane.kind == Volunteer.Kind.SENIOR
    assert {n.name for n in josiane.neighbourhoods.all()} == {"Saint-Leu", "Étouvie"}
    assert CharterSignature.objects.get().version == charter
    assert Volunteer.objects.get(last_name="Diallo").kind == Volunteer.Kind.CIVIC_SERVICE
    again = run(rows)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "refused": 0}
    assert Volunteer.objects.count() == 2 and CharterSignature.objects.count() == 1


def test_unknown_neighbourhoods_are_listed_by_the_preview_and_created_with_the_import():
    NeighbourhoodFactory(name="Saint-Leu")
    rows = [
        ["Martin", "Josiane", "", "", "", "Saint-Leu, Henriville", ""],
        ["Diallo", "Awa", "", "", "", "henriville", ""],
    ]
    preview = run(rows, dry_run=True)
    assert preview.counts["create"] == 2 and preview.new_neighbourhoods == ["Henriville"]
    assert "1 nouveau quartier, créé à la confirmation de l’import : Henriville." in preview.notes
    assert not Neighbourhood.objects.filter(name="Henriville").exists()
    run(rows, neighbourhood_choices={name: "" for name in preview.new_neighbourhoods})
    henriville = Neighbourhood.objects.get(name="Henriville")
    assert set(henriville.volunteer_set.values_list("last_name", flat=True)) == {"Martin", "Diallo"}


def test_charter_date_without_a_charter_version_is_said():
    report = run([["Martin", "Josiane", "", "", "", "", "10/01/2024"]])
    assert report.written
    assert "aucune version de la charte" in report.rows[0].notes[0]
    assert not CharterSignature.objects.exists()


def test_existing_volunteer_is_matched_by_name_and_updated():
    VolunteerFactory(last_name="MARTIN", first_name="Josiane", phone="")
    report = run([["Martin", "Josiane", "", "0612345678", "", "", ""]])
    assert report.rows[0].action == Action.UPDATE and report.rows[0].changes == ["Tél"]
    assert Volunteer.objects.get().phone == "+33612345678"


def test_bad_kind_and_email_are_refused():
    report = run([["Martin", "Josiane", "pas-un-mail", "", "astronaute", "", ""]])
    columns = {problem.column for problem in report.rows[0].problems}
    assert columns == {"Courriel", "Type"}
