"""The six-monthly review and the loneliness questions, as a coordinator uses them: when a
review falls due, what the forms accept and refuse, what a double send stores, and where the
answers show (and where they never do)."""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from seniors.access_request import access_request_pdf
from seniors.models import Assignment, Senior
from seniors.services import anonymise_senior
from tests.factories import PairFactory, SeniorFactory, VisitFactory
from tests.reports.test_exports import pdf_text
from visits.indicators import _latest_start_due_by, review_due_on, reviews_due
from visits.models import LonelinessMeasure, SixMonthReview

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# The suite's frozen "today" is 2026-05-13 (tests/conftest.py); the dates below are before it.
START = datetime.date(2025, 8, 31)


def followed(pair, started_on: datetime.date = START, **kwargs) -> Senior:
    senior = SeniorFactory(pair=pair, **kwargs)
    Assignment.objects.create(senior=senior, pair=pair, started_on=started_on)
    VisitFactory(senior=senior, pair=pair, visited_at=datetime.datetime(2025, 9, 2, 10, tzinfo=PARIS))
    return senior


def fr(text: str) -> str:
    """French spacing, as the catalogue writes it: a no-break space before : ; ? and inside « »."""
    for mark in (":", ";", "?", "»"):
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text.replace("« ", "«\u00a0")


def due_ids(day: datetime.date) -> set[int]:
    return set(reviews_due(day).values_list("pk", flat=True))


def review(senior: Senior, day: datetime.date, **kwargs) -> SixMonthReview:
    return SixMonthReview.objects.create(
        senior=senior, reviewed_on=day, rhythm="right", decision="continue", **kwargs
    )


def answers(first: int = 2, second: int = 2, third: int = 2, lonely: int | None = None) -> dict:
    given = {
        "lacks_companionship": first,
        "feels_left_out": second,
        "feels_isolated": third,
        "feels_lonely": lonely,
    }
    return {name: value for name, value in given.items() if value is not None}


def test_the_due_day_is_six_months_on_with_shorter_months_clamped():
    """The queue's SQL bound and the day shown agree for every start and every day of three
    years, month ends and 29 February included."""
    day = datetime.date(2024, 1, 1)
    while day <= datetime.date(2026, 12, 31):
        bound = _latest_start_due_by(day)
        for back in range(170, 200):
            since = day - datetime.timedelta(days=back)
            assert (since <= bound) == (review_due_on(since) <= day), (since, day)
        day += datetime.timedelta(days=1)
    assert review_due_on(START) == datetime.date(2026, 2, 28)
    assert review_due_on(datetime.date(2023, 8, 31)) == datetime.date(2024, 2, 29)


def test_a_review_falls_due_six_months_after_the_assignment_then_after_the_last_review(pair_a):
    senior = followed(pair_a[1])
    assert senior.pk not in due_ids(datetime.date(2026, 2, 27))
    assert senior.pk in due_ids(datetime.date(2026, 2, 28))
    review(senior, datetime.date(2026, 3, 10))
    assert senior.pk not in due_ids(datetime.date(2026, 9, 9))
    assert senior.pk in due_ids(datetime.date(2026, 9, 10))
    # As things stood before the review was made, it was due.
    assert senior.pk in due_ids(datetime.date(2026, 3, 9))


def test_a_new_pair_starts_a_new_six_months_and_only_followed_seniors_are_due(pair_a):
    senior = followed(pair_a[1])
    new_pair = PairFactory()
    Assignment.objects.filter(senior=senior).update(ended_on=datetime.date(2026, 1, 15))
    Assignment.objects.create(senior=senior, pair=new_pair, started_on=datetime.date(2026, 1, 15))
    Senior.objects.filter(pk=senior.pk).update(pair=new_pair)
    assert senior.pk not in due_ids(datetime.date(2026, 7, 14))
    assert senior.pk in due_ids(datetime.date(2026, 7, 15))
    # Assigned but never visited: not followed yet, no review due.
    waiting = SeniorFactory(pair=pair_a[1], status="identified")
    Assignment.objects.create(senior=waiting, pair=pair_a[1], started_on=START)
    assert waiting.pk not in due_ids(datetime.date(2026, 5, 13))


def test_the_queue_lists_the_longest_waiting_first_and_the_dashboard_counts_it(coordinator_client, pair_a):
    older = followed(pair_a[1], started_on=datetime.date(2025, 9, 1), last_name="Aubry")
    newer = followed(pair_a[1], started_on=datetime.date(2025, 10, 1), last_name="Bazin")
    response = coordinator_client.get(reverse("visits:six_month_due"))
    page = response.content.decode()
    assert page.index("Aubry") < page.index("Bazin")
    assert "01/03/2026" in page and "01/04/2026" in page
    assert "2 révisions à faire" in page
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "2 révisions semestrielles à faire" in dashboard
    review(older, datetime.date(2026, 5, 1))
    page = coordinator_client.get(reverse("visits:six_month_due")).content.decode()
    assert "Aubry" not in page and "1 révision à faire" in page
    assert newer.pk in due_ids(datetime.date(2026, 5, 13))


def review_post(**overrides) -> dict:
    data = {
        "uuid": str(uuid.uuid4()),
        "reviewed_on": "2026-05-12",
        **answers(3, 2, 3, 2),
        "rhythm": "more",
        "proposed": fr("Atelier mémoire : accepté"),
        "pair_input": "Elle attend nos visites",
        "decision": "change",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_review_records_its_measure_once_whatever_the_number_of_sends(coordinator_client, senior_of_a):
    url = reverse("visits:six_month_create") + f"?senior={senior_of_a.pk}"
    form = coordinator_client.get(url).content.decode()
    assert fr("À quelle fréquence avez-vous le sentiment de manquer de compagnie ?") in form
    data = review_post()
    first = coordinator_client.post(url, data)
    again = coordinator_client.post(url, data)  # a double click, or Back then send again
    assert first.status_code == again.status_code == 302
    stored = SixMonthReview.objects.get(senior=senior_of_a)
    assert stored.measure.score == 8
    assert stored.measure.feels_lonely == 2
    assert stored.measure.occasion == "review"
    assert stored.pair == senior_of_a.pair
    assert LonelinessMeasure.objects.filter(senior=senior_of_a).count() == 1
    timeline = coordinator_client.get(
        reverse("seniors:senior_detail", args=[senior_of_a.pk])
    ).content.decode()
    assert fr("Révision semestrielle : Changer (rythme, binôme ou offre) — score 8 sur 9") in timeline
    detail = coordinator_client.get(reverse("visits:six_month_detail", args=[stored.pk])).content.decode()
    assert fr("Atelier mémoire : accepté") in detail and "Souvent" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"feels_isolated": ""},
            fr("Donnez la réponse, ou cochez « La personne ne souhaite pas répondre »."),
        ),
        ({"declined": "on"}, fr("La personne ne souhaite pas répondre : laissez les réponses vides")),
        ({"feels_left_out": "7"}, "Sélectionnez un choix valide."),
        ({"feels_lonely": "abc"}, "Sélectionnez un choix valide."),
        ({"reviewed_on": "2026-05-14"}, "Cette date est dans le futur."),
        ({"reviewed_on": "31/02/2026"}, "Saisissez une date valide."),
        ({"decision": "abandon"}, "Sélectionnez un choix valide."),
    ],
)
def test_a_refused_review_says_why_in_french_and_saves_nothing(
    coordinator_client, senior_of_a, overrides, message
):
    url = reverse("visits:six_month_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(url, review_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SixMonthReview.objects.exists()
    assert not LonelinessMeasure.objects.exists()


@pytest.mark.parametrize("identifier", ["pas-un-identifiant", "", "\x00"])
def test_a_mangled_form_identifier_still_stores_the_review(coordinator_client, senior_of_a, identifier):
    url = reverse("visits:six_month_create") + f"?senior={senior_of_a.pk}"
    assert coordinator_client.post(url, review_post(uuid=identifier)).status_code == 302
    assert SixMonthReview.objects.filter(senior=senior_of_a).count() == 1


def test_a_senior_who_would_rather_not_answer_gets_no_score(coordinator_client, senior_of_a):
    url = reverse("visits:measure_create") + f"?senior={senior_of_a.pk}"
    data = {"uuid": str(uuid.uuid4()), "measured_on": "2026-05-13", "declined": "on"}
    assert coordinator_client.post(url, data).status_code == 302
    measure = LonelinessMeasure.objects.get(senior=senior_of_a)
    assert measure.declined and measure.score is None and measure.occasion == "enrolment"
    timeline = coordinator_client.get(
        reverse("seniors:senior_detail", args=[senior_of_a.pk])
    ).content.decode()
    assert fr("Questions sur l’isolement (à l’inscription) : ne souhaite pas répondre") in timeline


def test_a_review_of_a_file_out_of_reach_answers_not_found(coordinator_client, senior_of_a):
    assert coordinator_client.get(reverse("visits:six_month_create") + "?senior=999999").status_code == 404
    assert coordinator_client.get(reverse("visits:six_month_detail", args=[999999])).status_code == 404
    closed = SeniorFactory(status="closed", closed_reason="moved")
    url = reverse("visits:six_month_create") + f"?senior={closed.pk}"
    assert coordinator_client.get(url).status_code == 404


def test_managers_and_pairs_never_see_the_answers(manager_client, volunteer_a_client, senior_of_a):
    made = review(
        senior_of_a,
        datetime.date(2026, 5, 1),
        measure=LonelinessMeasure.objects.create(
            senior=senior_of_a, measured_on=datetime.date(2026, 5, 1), occasion="review", **answers(3, 3, 3)
        ),
    )
    detail = reverse("visits:six_month_detail", args=[made.pk])
    assert manager_client.get(detail).status_code == 403
    assert volunteer_a_client.get(detail).status_code == 403
    tablet = volunteer_a_client.get(reverse("visits:senior", args=[senior_of_a.pk])).content.decode()
    assert "sur 9" not in tablet and "Souvent" not in tablet


def test_the_access_request_holds_the_answers_and_erasure_keeps_only_the_scores(senior_of_a):
    review(
        senior_of_a,
        datetime.date(2026, 5, 1),
        proposed="Portage de repas accepté",
        pair_input="Moins seule depuis le club",
        measure=LonelinessMeasure.objects.create(
            senior=senior_of_a,
            measured_on=datetime.date(2026, 5, 1),
            occasion="review",
            **answers(1, 2, 1, 4),
        ),
    )
    text = pdf_text(access_request_pdf(senior_of_a))
    assert "Questions sur l’isolement et révisions semestrielles" in text
    assert "01/05/2026 — À la révision semestrielle" in text
    assert "score 4 sur 9" in text and "se sent seul(e) : Presque jamais" in text
    assert "Portage de repas accepté" in text and "Moins seule depuis le club" in text
    anonymise_senior(senior_of_a)
    kept = SixMonthReview.objects.get(senior=senior_of_a)
    assert (kept.proposed, kept.pair_input) == ("", "")
    assert kept.measure.score == 4
    assert not SixMonthReview.history.filter(senior_id=senior_of_a.pk).exists()
    assert not LonelinessMeasure.history.filter(senior_id=senior_of_a.pk).exists()


def test_a_ccas_may_word_the_questions_its_own_way(coordinator_client, senior_of_a, settings):
    settings.LONELINESS_QUESTIONS = {"feels_left_out": fr("Vous sentez-vous laissé(e) de côté ?")}
    url = reverse("visits:measure_create") + f"?senior={senior_of_a.pk}"
    page = coordinator_client.get(url).content.decode()
    assert fr("Vous sentez-vous laissé(e) de côté ?") in page
    assert fr("À quelle fréquence avez-vous le sentiment d’être isolé(e) des autres ?") in page


def test_the_review_form_dates_default_to_today(coordinator_client, senior_of_a):
    url = reverse("visits:six_month_create") + f"?senior={senior_of_a.pk}"
    page = coordinator_client.get(url).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
