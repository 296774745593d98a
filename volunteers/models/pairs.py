"""Pairs of volunteers who visit together, and who was in them when: a pair keeps its
identity, its seniors and its history when one member is replaced (`PairMembership`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ccas_visits.lib.db import SortName, sort_name
from ccas_visits.lib.permissions import is_coordinator, is_volunteer
from volunteers.models.people import Volunteer, has_access


class PairQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> PairQuerySet:
        """Started on or before `day` and not ended before it (INDICATORS.md, "pair active")."""
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))

    def active(self) -> PairQuerySet:
        return self.active_on(timezone.localdate())

    def active_between(self, start: datetime.date, end: datetime.date) -> PairQuerySet:
        """Pairs active on at least one day from `start` to `end`."""
        return self.filter(Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start))

    def of_user(self, user) -> PairQuerySet:
        """The pairs the logged-in volunteer belongs to or belonged to (replaced since)."""
        if not user.is_authenticated:
            return self.none()
        was_member = PairMembership.objects.filter(pair=OuterRef("pk"), volunteer__user=user)
        return self.filter(Q(volunteer_a__user=user) | Q(volunteer_b__user=user) | Q(Exists(was_member)))

    def open_to(self, user) -> PairQuerySet:
        """The active pairs whose files the logged-in volunteer may open: their current pairs,
        while they themselves have access (a paused or departed volunteer has none)."""
        if not user.is_authenticated:
            return self.none()
        allowed = Volunteer.objects.filter(user=user).filter(has_access(timezone.localdate()))
        return (
            self.active()
            .filter(Q(volunteer_a__user=user) | Q(volunteer_b__user=user))
            .filter(Exists(allowed))
        )

    def with_member_away(self) -> PairQuerySet:
        """Annotate `member_away`: one of the pair's members is paused or has left."""
        away = [Volunteer.Status.PAUSED, Volunteer.Status.LEFT]
        return self.annotate(
            member_away=ExpressionWrapper(
                Q(volunteer_a__status__in=away) | Q(volunteer_b__status__in=away),
                output_field=BooleanField(),
            )
        )

    def visible_to(self, user) -> PairQuerySet:
        if is_coordinator(user):
            return self
        if is_volunteer(user):
            return self.of_user(user)
        return self.none()

    def with_members(self) -> PairQuerySet:
        return self.select_related("volunteer_a", "volunteer_b")

    def in_name_order(self) -> PairQuerySet:
        """By their members' names as French people sort them (`Pair.sort_key`), then number."""
        return self.order_by(SortName("volunteer_a__last_name"), SortName("volunteer_b__last_name"), "number")

    def with_open_seniors(self) -> PairQuerySet:
        """Annotate `open_seniors`: the pair's seniors whose file is not closed (the seniors
        app's "closed" status, named here as seniors depends on volunteers, not the reverse)."""
        return self.annotate(open_seniors=Count("seniors", filter=~Q(seniors__status="closed")))


class Pair(models.Model):
    volunteer_a = models.ForeignKey(
        Volunteer,
        verbose_name=_("first volunteer"),
        on_delete=models.PROTECT,
        related_name="pairs_as_a",
    )
    volunteer_b = models.ForeignKey(
        Volunteer,
        verbose_name=_("second volunteer"),
        on_delete=models.PROTECT,
        related_name="pairs_as_b",
    )
    number = models.PositiveIntegerField(
        _("number"),
        unique=True,
        editable=False,
        help_text=_("Given at creation, never reused: tells two pairs of the same names apart."),
    )
    name = models.CharField(
        _("nickname"),
        max_length=100,
        blank=True,
        help_text=_("Optional, shown after the members' names (a neighbourhood, for example)."),
    )
    started_on = models.DateField(_("active from"), default=datetime.date.today)
    ended_on = models.DateField(_("active until"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=300, blank=True)

    objects = PairQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(volunteer_a=models.F("volunteer_b")),
                name="pair_members_differ",
                violation_error_message=_("A pair needs two different volunteers."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pair_ends_after_start",
                violation_error_message=_("A pair cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        """Its current members' names and its number: "Binôme Martin – Nguyen (n° 12)"."""
        if self.name:
            return gettext("Pair %(first)s – %(second)s “%(name)s” (no. %(number)s)") % {
                **self._label_parts(),
                "name": self.name,
            }
        return gettext("Pair %(first)s – %(second)s (no. %(number)s)") % self._label_parts()

    def _label_parts(self) -> dict:
        return {
            "first": self.volunteer_a.last_name,
            "second": self.volunteer_b.last_name,
            "number": self.number,
        }

    def sort_key(self) -> tuple:
        """The order of `PairQuerySet.in_name_order`, for rows sorted in Python."""
        return (sort_name(self.volunteer_a.last_name), sort_name(self.volunteer_b.last_name), self.number)

    @property
    def members(self) -> tuple[Volunteer, Volunteer]:
        return (self.volunteer_a, self.volunteer_b)

    def save(self, *args, **kwargs) -> None:
        """A new pair takes the next number and starts with its two members' memberships
        (what `members_on` reads)."""
        adding = self._state.adding
        if adding and self.number is None:
            self._save_with_next_number(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
        if adding:
            PairMembership.objects.bulk_create(
                [
                    PairMembership(
                        pair=self, volunteer=member, started_on=self.started_on, ended_on=self.ended_on
                    )
                    for member in self.members
                ]
            )

    def _save_with_next_number(self, *args, **kwargs) -> None:
        """Two pairs created at the same instant may read the same highest number: the
        unique constraint refuses the second, which takes the next one."""
        for _attempt in range(5):
            self.number = next_pair_number()
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if not Pair.objects.filter(number=self.number).exists():
                    raise
        raise IntegrityError("no free pair number")

    def members_on(self, day: datetime.date) -> list[Volunteer]:
        """Who was in the pair on `day`, from its membership history."""
        return [m.volunteer for m in self.memberships_in_order() if m.is_current_on(day)]

    def memberships_in_order(self) -> list[PairMembership]:
        """Its memberships, first members first (uses a prefetch of `memberships__volunteer`)."""
        return sorted(self.memberships.all(), key=lambda m: (m.started_on, m.pk))

    def has_changed_members(self) -> bool:
        return len(self.memberships.all()) > 2

    def is_active(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def clean(self) -> None:
        if self.volunteer_a_id and self.volunteer_a_id == self.volunteer_b_id:
            raise ValidationError(_("A pair needs two different volunteers."))

    def end(self, *, on: datetime.date, reason: str) -> None:
        """Close the pair on `on`. Its seniors must have been placed first: ending a pair as a
        whole is seniors.services.end_pair."""
        self.ended_on = on
        self.end_reason = reason[:300]
        self.full_clean()
        self.save(update_fields=["ended_on", "end_reason"])
        self.memberships.filter(ended_on__isnull=True).update(ended_on=on)


def next_pair_number() -> int:
    """One more than the highest number given (numbers of deleted pairs are not reused
    while a higher one exists)."""
    return (Pair.objects.aggregate(highest=Max("number"))["highest"] or 0) + 1


class PairMembership(models.Model):
    """A volunteer's time in a pair: from the day they joined it to the last day they were in
    it (empty while they are). Replacing a member ends one membership and starts another."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="pair_memberships"
    )
    started_on = models.DateField(_("in the pair from"))
    ended_on = models.DateField(_("in the pair until"), null=True, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("pair membership")
        verbose_name_plural = _("pair memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pair_membership_ends_after_start",
                violation_error_message=_("A member cannot leave a pair before joining it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.pair}"

    def is_current_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)
