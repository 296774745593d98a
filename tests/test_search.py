import pytest

from ccas_visits.lib.db import fold, search
from seniors.models import Senior
from tests.factories import SeniorFactory

pytestmark = pytest.mark.django_db


def test_fold_removes_accents_case_and_extra_spaces():
    assert fold("  Lefèvre-DUPRÉ  d’Almeida ") == "lefevre-dupre d'almeida"


@pytest.mark.parametrize("term", ["lefevre", "LEFÈVRE", "lefèvre dupre", "Lucienne lefev"])
def test_search_finds_lefevre_whatever_the_accents(term):
    wanted = SeniorFactory(first_name="Lucienne", last_name="Lefèvre-Dupré")
    SeniorFactory(first_name="Odette", last_name="Martin")
    assert list(search(Senior.objects.all(), term, ["first_name", "last_name"])) == [wanted]


def test_search_with_an_empty_term_keeps_every_row():
    SeniorFactory.create_batch(2)
    assert search(Senior.objects.all(), "  ", ["last_name"]).count() == 2
