"""Did isolation go down? The loneliness measure (the three questions of the short UCLA scale
and the direct question, INDICATORS.md "Loneliness measure"), taken at enrolment and at each
six-monthly review of a senior's follow-up, and the review itself.

The answers are personal data about feelings: only coordinators read them; managers see the
bilan's aggregates, pairs never see a past answer. Imported by `visits.models`, so that they
are models of this app like the others; `record_measure` and `record_review` store them once
whatever the number of sends."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from seniors.models import Senior
from volunteers.models import Pair

# The three UCLA questions, in the order asked: (field, question). A CCAS may reword them in
# settings (`LONELINESS_QUESTIONS`); the answers and the score stay those of the scale.
UCLA_FIELDS = ("lacks_companionship", "feels_left_out", "feels_isolated")


class Frequency(models.IntegerChoices):
    """The answers to the three UCLA questions, with their points."""

    HARDLY_EVER = 1, _("Hardly ever")
    SOME_OF_THE_TIME = 2, _("Some of the time")
    OFTEN = 3, _("Often")


class Loneliness(models.IntegerChoices):
    """The direct question's answers, reported on their own, never added to the score."""

    OFTEN_OR_ALWAYS = 1, _("Often or always")
    SOME_OF_THE_TIME = 2, _("Some of the time")
    OCCASIONALLY = 3, _("Occasionally")
    HARDLY_EVER = 4, _("Hardly ever")
    NEVER = 5, _("Never")


class LonelinessMeasure(models.Model):
    """One time the questions were asked. A senior who would rather not answer is recorded as
    such (`declined`), never as a score."""

    class Occasion(models.TextChoices):
        ENROLMENT = "enrolment", _("At enrolment")
        REVIEW = "review", _("At the six-monthly review")
        PAIR = "pair", _("Asked by the pair")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="loneliness_measures")
    measured_on = models.DateField(_("asked on"))
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    declined = models.BooleanField(_("does not wish to answer"), default=False)
    lacks_companionship = models.PositiveSmallIntegerField(
        _("lacks companionship"), choices=Frequency.choices, null=True, blank=True
    )
    feels_left_out = models.PositiveSmallIntegerField(
        _("feels left out"), choices=Frequency.choices, null=True, blank=True
    )
    feels_isolated = models.PositiveSmallIntegerField(
        _("feels isolated from others"), choices=Frequency.choices, null=True, blank=True
    )
    feels_lonely = models.PositiveSmallIntegerField(
        _("feels lonely"), choices=Loneliness.choices, null=True, blank=True
    )
    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, null=True, blank=True, related_name="loneliness_measures"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-measured_on", "-id"]
        verbose_name = _("loneliness measure")
        verbose_name_plural = _("loneliness measures")
        indexes = [models.Index(fields=["senior", "measured_on"], name="measure_senior_day")]
        constraints = [
            # Declined: no answer at all. Answered: the three questions of the score, each one.
            models.CheckConstraint(
                condition=(
                    Q(
                        declined=True,
                        lacks_companionship__isnull=True,
                        feels_left_out__isnull=True,
                        feels_isolated__isnull=True,
                        feels_lonely__isnull=True,
                    )
                    | Q(
                        declined=False,
                        lacks_companionship__isnull=False,
                        feels_left_out__isnull=False,
                        feels_isolated__isnull=False,
                    )
                ),
                name="measure_declined_or_answered",
            ),
            models.CheckConstraint(
                condition=(Q(lacks_companionship__isnull=True) | Q(lacks_companionship__range=(1, 3)))
                & (Q(feels_left_out__isnull=True) | Q(feels_left_out__range=(1, 3)))
                & (Q(feels_isolated__isnull=True) | Q(feels_isolated__range=(1, 3)))
                & (Q(feels_lonely__isnull=True) | Q(feels_lonely__range=(1, 5))),
                name="measure_answers_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} — {self.measured_on:%d/%m/%Y}"

    @property
    def score(self) -> int | None:
        """3 (least lonely) to 9; None when the senior declined."""
        if self.declined:
            return None
        return sum(getattr(self, name) for name in UCLA_FIELDS)


class SixMonthReview(models.Model):
    """The six-monthly review of a senior's follow-up, by a coordinator with the pair's input:
    the measure, whether the rhythm is right, what was proposed and taken up, and what next."""

    class Rhythm(models.TextChoices):
        RIGHT = "right", _("The rhythm is right")
        MORE = "more", _("More contact wanted")
        LESS = "less", _("Less contact wanted")

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue as it is")
        CHANGE = "change", _("Change (rhythm, pair or offer)")
        CLOSE = "close", _("Close the follow-up")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="six_month_reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, null=True, blank=True, related_name="six_month_reviews"
    )
    measure = models.OneToOneField(
        LonelinessMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="review"
    )
    rhythm = models.CharField(_("rhythm"), max_length=10, choices=Rhythm.choices)
    proposed = models.TextField(_("what was proposed and taken up"), blank=True, max_length=2000)
    pair_input = models.TextField(_("what the pair says"), blank=True, max_length=2000)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("six-monthly review")
        verbose_name_plural = _("six-monthly reviews")
        indexes = [models.Index(fields=["senior", "reviewed_on"], name="review_senior_day")]

    def __str__(self) -> str:
        return f"{self.senior} — {self.reviewed_on:%d/%m/%Y}"


# --- Recording ------------------------------------------------------------------------------


def record_measure(
    *, uuid: uuid.UUID, senior: Senior, by, occasion: str, measured_on, pair: Pair | None = None, **answers
) -> tuple[LonelinessMeasure, bool]:
    """Store a measure once; sent again under the same identifier, the stored one is returned
    (with False). `pair`: the pair who asked, else the senior's."""
    measure = LonelinessMeasure(
        uuid=uuid,
        senior=senior,
        pair=pair or senior.pair,
        recorded_by=by,
        occasion=occasion,
        measured_on=measured_on,
        **answers,
    )
    return _store_once(measure)


def record_review(*, uuid: uuid.UUID, senior: Senior, by, answers: dict, **review) -> SixMonthReview:
    """Store a review and the measure taken with it, once, in one transaction."""
    if existing := SixMonthReview.objects.filter(uuid=uuid).first():
        return existing
    try:
        with transaction.atomic():
            measure = LonelinessMeasure(
                senior=senior,
                pair=senior.pair,
                recorded_by=by,
                occasion=LonelinessMeasure.Occasion.REVIEW,
                measured_on=review["reviewed_on"],
                **answers,
            )
            measure.full_clean()
            measure.save()
            created = SixMonthReview(
                uuid=uuid, senior=senior, pair=senior.pair, reviewed_by=by, measure=measure, **review
            )
            created.full_clean(exclude=["uuid"])
            created.save()
    except IntegrityError:
        # The same form sent twice at the same instant: the other send stored it.
        return SixMonthReview.objects.get(uuid=uuid)
    return created


def _store_once(measure: LonelinessMeasure) -> tuple[LonelinessMeasure, bool]:
    if existing := LonelinessMeasure.objects.filter(uuid=measure.uuid).first():
        return existing, False
    measure.full_clean(exclude=["uuid"])
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError:
        return LonelinessMeasure.objects.get(uuid=measure.uuid), False
    return measure, True
