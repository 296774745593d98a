"""The tablet's outbox sends here, one record at a time, the calls and visits logged offline
and the answers to the loneliness questions.

- A record is stored once whatever the number of resends (lost response, double tap, two tabs,
  two sends at the same instant): any send of an identifier the volunteer already stored
  answers "stored".
- A record is filed for the volunteer's pair if its day falls while that pair was assigned to
  the senior and the volunteer was active, even if the senior moved or the volunteer paused
  since (INDICATORS.md: a contact counts for the pair recorded on it).
- Invalid answers are refused, with French reasons per answer, for the volunteer to correct;
  any other record the server cannot file goes to the coordinators' review queue
  (`visits.review`), never dropped.
- Every answer is JSON, the tablet's script reads it: also a missing login, a stale CSRF token
  and an unexpected error (the record then stays on the tablet and is sent again).

The checks here are the endpoint's own (not the tablet pages'): a volunteer paused since still
sends what they logged while active."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, JsonResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ccas_visits.lib.dates import local_midnight
from ccas_visits.lib.permissions import is_volunteer
from seniors.models import Assignment, Senior
from visits.forms.sync import Envelope, Unreadable, read_envelope, record_day
from visits.forms.tablet import TabletRecordForm
from visits.models import Call, LonelinessMeasure, SyncReview, Visit
from visits.review import note_outbox, queue_for_review
from volunteers.models import Pair, Volunteer

logger = logging.getLogger(__name__)

MODELS: dict[str, type[Call] | type[Visit] | type[LonelinessMeasure]] = {
    "call": Call,
    "visit": Visit,
    "measure": LonelinessMeasure,
    "campaign": Call,  # a campaign call is a call
}
KIND_OF = {Call: "call", Visit: "visit", LonelinessMeasure: "measure"}


def answer(status: str, reason: str = "", *, code: int, **extra) -> JsonResponse:
    return JsonResponse({"status": status, "reason": reason, **extra}, status=code)


def refuse(reason: str, *, status: int = 422, errors: dict | None = None) -> JsonResponse:
    return answer("refused", reason, code=status, errors=errors or {})


def login_needed() -> JsonResponse:
    return answer("login", _("Log in again so that the waiting records can be sent."), code=401)


def describe(record: Call | Visit | LonelinessMeasure) -> dict:
    """What the tablet shows of a stored record (of the answers to the questions, never what
    they were)."""
    if isinstance(record, LonelinessMeasure):
        at = local_midnight(record.measured_on)
    else:
        at = record.called_at if isinstance(record, Call) else record.visited_at
    return {
        "uuid": str(record.uuid),
        "kind": "campaign" if isinstance(record, Call) and record.campaign_id else KIND_OF[type(record)],
        "senior": record.senior_id,
        "at": timezone.localtime(at).isoformat(),
        "recorded_at": timezone.localtime(record.recorded_at).isoformat(),
    }


def stored(record: Call | Visit, *, created: bool) -> JsonResponse:
    return answer("stored", code=201 if created else 200, created=created, record=describe(record))


def queued() -> JsonResponse:
    # The same words whether the senior exists or not: a guessed number learns nothing.
    return answer(
        "queued",
        _("Sent to your coordinator, who will file it: nothing more to do."),
        code=202,
    )


def as_form_data(fields: dict[str, str | list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def form_errors(form: TabletRecordForm) -> dict[str, list[str]]:
    errors = {}
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        errors[name] = [f"{label} : {m}" if label else m for m in messages]
    return errors


def csrf_refused(request: HttpRequest) -> bool:
    """Django's own CSRF check, run here so that a failure answers JSON (the view is exempt
    from the middleware's HTML answer, not from the check)."""
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, refuse, (), {}) is not None


def pair_on(user, senior: Senior, day: datetime.date) -> Pair | None:
    """The volunteer's pair that followed `senior` on `day`: the senior's pair today, or the
    one an assignment gave them that day (the day the senior moved counts for both)."""
    pairs = Pair.objects.of_user(user).active_on(day)
    if senior.pair_id and (pair := pairs.filter(pk=senior.pair_id).first()):
        return pair
    assignment = (
        Assignment.objects.filter(senior=senior, pair__in=pairs, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("pair")
        .first()
    )
    return assignment.pair if assignment else None


def any_pair_of(user, day: datetime.date) -> Pair | None:
    """A pair of the volunteer to check the answers against, when none followed the senior."""
    pairs = Pair.objects.of_user(user)
    return pairs.active_on(day).first() or pairs.order_by("-started_on").first()


def keep_for_review(request: HttpRequest, envelope: Envelope, senior: Senior | None, reason: str):
    queue_for_review(
        user=request.user,
        kind=envelope.kind,
        key=envelope.key,
        senior_number=envelope.senior_number,
        senior=senior,
        fields=envelope.fields,
        reason=reason,
    )
    return queued()


def receive(request: HttpRequest, envelope: Envelope) -> JsonResponse:
    user = request.user
    model = MODELS[envelope.kind]
    if existing := model.objects.filter(uuid=envelope.key).first():
        if existing.recorded_by_id == user.pk:
            return stored(existing, created=False)
        return keep_for_review(request, envelope, None, SyncReview.Reason.IDENTIFIER_TAKEN)
    if SyncReview.objects.filter(uuid=envelope.key, sent_by=user).exists():
        return queued()

    day = record_day(envelope)
    senior = Senior.objects.filter(pk=envelope.senior_number, anonymised_at__isnull=True).first()
    pair = pair_on(user, senior, day) if senior else None
    checking_pair = pair or any_pair_of(user, day)
    form = None
    if checking_pair is not None:
        data = as_form_data(envelope.fields | {"uuid": str(envelope.key)})
        form = envelope.form_class(data, senior=senior, pair=checking_pair)
        if not form.is_valid():
            return refuse(_("Some answers need correcting."), errors=form_errors(form))
    if senior is None:
        return keep_for_review(request, envelope, None, SyncReview.Reason.UNKNOWN_SENIOR)
    if not Volunteer.objects.active_on(day).filter(user=user).exists():
        return keep_for_review(request, envelope, senior, SyncReview.Reason.INACTIVE)
    if pair is None:
        return keep_for_review(request, envelope, senior, SyncReview.Reason.NOT_FOLLOWED)
    try:
        record, created = form.save(by=user)
    except ValidationError as error:
        return refuse(_("Some answers need correcting."), errors={"__all__": error.messages})
    if record.recorded_by_id != user.pk:  # another volunteer's record took the identifier meanwhile
        return keep_for_review(request, envelope, senior, SyncReview.Reason.IDENTIFIER_TAKEN)
    return stored(record, created=created)


@csrf_exempt  # checked in the view, to answer JSON
@login_not_required  # idem: a lost session answers JSON, not the login page
def sync(request: HttpRequest) -> JsonResponse:
    try:
        if not request.user.is_authenticated:
            return login_needed()
        if request.method != "POST":
            return refuse(_("Records are sent, not fetched."), status=405)
        if not is_volunteer(request.user):
            return refuse(_("Only a volunteer's tablet sends records here."), status=403)
        if csrf_refused(request):
            return answer("login", _("Open the home page again so that the records can be sent."), code=403)
        note_outbox(request)
        try:
            envelope = read_envelope(request.body)
        except Unreadable as error:
            return refuse(error.reason, status=400, errors=error.errors)
        return receive(request, envelope)
    except Exception:
        logger.exception("The tablet's record could not be received")
        return answer(
            "error",
            _("The server could not take the record just now: it stays here and will be sent again."),
            code=500,
        )
