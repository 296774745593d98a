"""The tablet's outbox sends here, one record at a time, the calls and visits logged offline.

A record is stored once whatever the number of resends (lost response, double tap, two tabs):
a resend is answered with the stored record. A refusal always says why, in French, so that the
volunteer can correct or discard it on the tablet."""

from __future__ import annotations

import json
import uuid as uuid_module

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.permissions import VOLUNTEER, role_required
from seniors.models import Senior
from visits.forms.tablet import CallForm, TabletRecordForm, VisitForm
from visits.models import Call, Visit
from visits.services import active_pair_of

KINDS: dict[str, tuple[type[Call] | type[Visit], type[TabletRecordForm]]] = {
    "call": (Call, CallForm),
    "visit": (Visit, VisitForm),
}


def refuse(reason: str, *, status: int = 422, errors: dict | None = None) -> JsonResponse:
    return JsonResponse({"status": "refused", "reason": reason, "errors": errors or {}}, status=status)


def describe(record: Call | Visit) -> dict:
    """What the tablet shows of a stored record."""
    at = record.called_at if isinstance(record, Call) else record.visited_at
    return {
        "uuid": str(record.uuid),
        "kind": "call" if isinstance(record, Call) else "visit",
        "senior": record.senior_id,
        "at": timezone.localtime(at).isoformat(),
        "recorded_at": timezone.localtime(record.recorded_at).isoformat(),
    }


def as_form_data(fields: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(str(name), [str(v) for v in values if v is not None])
    return data


def form_errors(form: TabletRecordForm) -> dict[str, list[str]]:
    errors = {}
    for name, messages in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        errors[name] = [f"{label} : {m}" if label else m for m in messages]
    return errors


@require_POST
@role_required(VOLUNTEER)
def sync(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body)
        model, form_class = KINDS[payload["kind"]]
        key = uuid_module.UUID(str(payload["uuid"]))
        fields = dict(payload.get("fields") or {})
        senior_id = int(payload["senior"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return refuse(_("The tablet sent a record that cannot be read."), status=400)

    if stored := model.objects.filter(uuid=key).first():
        if stored.recorded_by_id == request.user.pk:
            return JsonResponse({"status": "stored", "created": False, "record": describe(stored)})
        return refuse(_("This record's identifier is already used: discard it and log it again."))

    senior = Senior.objects.visible_to(request.user).filter(pk=senior_id).first()
    pair = active_pair_of(request.user, senior) if senior else None
    if pair is None:  # never existed, or no longer followed by the volunteer's pair: same answer
        return refuse(
            _(
                "This senior is no longer followed by your pair, so the record was not stored. "
                "Tell your coordinator what you noted."
            ),
            errors={"senior": [_("Senior not followed by your pair.")]},
        )

    fields["uuid"] = str(key)
    form = form_class(as_form_data(fields), senior=senior, pair=pair)
    if not form.is_valid():
        return refuse(_("Some answers need correcting."), errors=form_errors(form))
    try:
        record, created = form.save(by=request.user)
    except ValidationError as error:
        return refuse(_("Some answers need correcting."), errors={"__all__": error.messages})
    return JsonResponse(
        {"status": "stored", "created": created, "record": describe(record)}, status=201 if created else 200
    )
