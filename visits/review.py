"""The coordinators' review queue of tablet records, and what each tablet says is waiting.

A record the sync endpoint cannot file for a reason other than its answers (the senior moved
to another pair before that day, the file is gone, the sender was not active on that day, its
identifier is taken) is never dropped: it waits here, with who sent it and what it says, until
a coordinator attaches it to the right file or dismisses it with a reason."""

from __future__ import annotations

import datetime
import uuid as uuid_module

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight
from seniors.models import Senior
from visits.models import Call, SyncReview, TabletOutbox, Visit

# A tablet whose records have waited longer than this is shown to the coordinators: WebKit
# (Safari, every iPad browser) deletes a site's stored data after seven days without use.
LATE_AFTER = datetime.timedelta(days=3)
# The cookie the tablet's script keeps up to date: "<user id>.<records waiting>.<since, epoch s>".
OUTBOX_COOKIE = "ccas_outbox"
MAX_REPORTED = 10_000


def queue_for_review(
    *,
    user: User,
    kind: str,
    key: uuid_module.UUID,
    senior_number: int,
    senior: Senior | None,
    fields: dict,
    reason: str,
) -> SyncReview:
    """Keep the record for a coordinator; a resend of the same identifier keeps it once.

    A different record under an identifier already kept (another sender, or other content:
    a tablet's fault, or someone's) is kept too, under an identifier of its own, and says
    why: nothing sent is dropped."""
    existing = SyncReview.objects.filter(uuid=key).first()
    if existing is not None:
        if existing.sent_by_id == user.pk and existing.kind == kind and existing.fields == fields:
            return existing
        key, reason = uuid_module.uuid4(), SyncReview.Reason.IDENTIFIER_TAKEN
    item = SyncReview(
        uuid=key,
        kind=kind,
        sent_by=user,
        received_at=timezone.now(),
        senior_number=senior_number,
        senior=senior,
        fields=fields,
        reason=reason,
    )
    item._history_user = user
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # the same identifier arrived twice at once: decide as above
        return queue_for_review(
            user=user,
            kind=kind,
            key=key,
            senior_number=senior_number,
            senior=senior,
            fields=fields,
            reason=reason,
        )
    return item


def pending_reviews() -> models.QuerySet[SyncReview]:
    return SyncReview.objects.filter(state=SyncReview.State.PENDING)


def handled_reviews_before(day: datetime.date) -> models.QuerySet[SyncReview]:
    """Records attached or dismissed before `day` (Paris): the retention schedule removes
    them (RETENTION_TABLET_REVIEW_MONTHS). A record still waiting is never removed."""
    return SyncReview.objects.exclude(state=SyncReview.State.PENDING).filter(
        handled_at__lt=local_midnight(day)
    )


@transaction.atomic
def purge_handled_reviews(day: datetime.date) -> int:
    """Delete the records handled before `day`, with their change history (which holds what
    they said); return how many went."""
    handled = handled_reviews_before(day)
    ids = list(handled.values_list("pk", flat=True))
    SyncReview.objects.filter(pk__in=ids).delete()
    SyncReview.history.filter(id__in=ids).delete()  # after: deleting records a last history row
    return len(ids)


def _ensure_pending(item: SyncReview) -> None:
    if item.state != SyncReview.State.PENDING:
        raise ValidationError(_("This record was already handled."))


@transaction.atomic
def mark_attached(item: SyncReview, record: Call | Visit, *, by: User) -> SyncReview:
    """The record was filed (by `visits.views.review`, through the tablet's own forms)."""
    _ensure_pending(item)
    item.state = SyncReview.State.ATTACHED
    item.call = record if isinstance(record, Call) else None
    item.visit = record if isinstance(record, Visit) else None
    item.senior = record.senior
    item.handled_by = by
    item.handled_at = timezone.now()
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def dismiss_review(item: SyncReview, *, by: User, reason: str) -> SyncReview:
    _ensure_pending(item)
    if not reason.strip():
        raise ValidationError(_("Say why this record is dismissed."))
    item.state = SyncReview.State.DISMISSED
    item.dismiss_reason = reason.strip()
    item.handled_by = by
    item.handled_at = timezone.now()
    item._history_user = by
    item.save()
    return item


def read_outbox_cookie(value: str, user: User) -> tuple[int, datetime.datetime | None] | None:
    """(records waiting, since when) from the tablet's cookie, if it speaks of `user`."""
    try:
        owner, waiting, since = value.split(".")
        waiting, since = int(waiting), int(since)
    except ValueError:
        return None
    if owner != str(user.pk) or not 0 <= waiting <= MAX_REPORTED:
        return None
    if not waiting:
        return 0, None
    try:
        moment = datetime.datetime.fromtimestamp(since, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return waiting, min(moment, timezone.now())


def note_outbox(request) -> None:
    """Keep what the volunteer's tablet says is waiting (written only when it changed)."""
    reported = read_outbox_cookie(request.COOKIES.get(OUTBOX_COOKIE, ""), request.user)
    if reported is None:
        return
    waiting, since = reported
    current = TabletOutbox.objects.filter(user=request.user).first()
    if current and (current.waiting, current.waiting_since) == (waiting, since):
        return
    values = {"waiting": waiting, "waiting_since": since, "reported_at": timezone.now()}
    TabletOutbox.objects.update_or_create(user=request.user, defaults=values)


def late_outboxes() -> models.QuerySet[TabletOutbox]:
    """Tablets whose records have waited more than three days, the longest first."""
    return (
        TabletOutbox.objects.filter(waiting__gt=0, waiting_since__lt=timezone.now() - LATE_AFTER)
        .select_related("user__volunteer")
        .order_by("waiting_since")
    )
