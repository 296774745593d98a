"""The coordinators' review queue: tablet records the server could not file (see
`visits.review`), to attach to the right file or dismiss with a reason; and the tablets whose
records have waited on them for more than three days. Volunteers never see these pages."""

from __future__ import annotations

import uuid as uuid_module

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccas_visits.lib.history import recent_changes, requested_page
from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.models import Senior, has_objected
from visits.forms.sync import KINDS, field_label
from visits.models import Call, SyncReview, Visit
from visits.review import dismiss_review, late_outboxes, mark_attached, pending_reviews
from visits.views.sync import MODELS, as_form_data, form_errors
from volunteers.models import Pair

HANDLED_SHOWN = 20


class AttachForm(forms.Form):
    senior = forms.ModelChoiceField(
        label=gettext_lazy("File to attach it to"), queryset=Senior.objects.none()
    )
    pair = forms.ModelChoiceField(
        label=gettext_lazy("Pair it counts for"),
        queryset=Pair.objects.with_members(),
        help_text=gettext_lazy("The pair the volunteer belonged to when the contact happened."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["senior"].queryset = Senior.objects.visible_to(user).filter(anonymised_at__isnull=True)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it dismissed?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@role_required(COORDINATOR)
def review_list(request: HttpRequest) -> HttpResponse:
    context = {
        "pending": pending_reviews().select_related("sent_by", "senior"),
        "handled": SyncReview.objects.exclude(state=SyncReview.State.PENDING)
        .select_related("sent_by", "handled_by")
        .order_by("-handled_at")[:HANDLED_SHOWN],
        "late": late_outboxes(),
    }
    return render(request, "visits/coordination/review_list.html", context)


def what_it_says(item: SyncReview) -> list[tuple[str, str]]:
    """The record's answers under the tablet form's labels."""
    form_class = KINDS[item.kind]
    rows = []
    for name, value in item.fields.items():
        field = form_class.base_fields.get(name)
        if field is not None:
            rows.append((field_label(field), ", ".join(value) if isinstance(value, list) else str(value)))
    return rows


@transaction.atomic
def attach(request: HttpRequest, item: SyncReview, form: AttachForm) -> Call | Visit | None:
    """File the record through the tablet's own form, as the volunteer would have. The item
    is locked first: a second submission (a double click, Back) finds it handled and files
    nothing."""
    item = SyncReview.objects.select_for_update().get(pk=item.pk)
    if item.state != SyncReview.State.PENDING:
        raise ValidationError(_("This record was already handled."))
    senior, pair = form.cleaned_data["senior"], form.cleaned_data["pair"]
    if Senior.objects.filter(pk=senior.pk).filter(has_objected()).exists():
        raise ValidationError(_("This senior objected to visits: dismiss the record instead."))
    if item.sent_by and not Pair.objects.of_user(item.sent_by).filter(pk=pair.pk).exists():
        raise ValidationError(
            _("The volunteer who sent it was never in this pair: it counts for the pair that made it.")
        )
    taken = MODELS[item.kind].objects.filter(uuid=item.uuid).exists()
    key = uuid_module.uuid4() if taken else item.uuid
    # Without the tablet's own time, the contact is dated when the server received it, never
    # when the coordinator attaches it.
    fields = item.fields | {"uuid": str(key)}
    if not fields.get("logged_at"):
        fields["logged_at"] = item.received_at.isoformat()
    record_form = KINDS[item.kind](as_form_data(fields), senior=senior, pair=pair)
    if not record_form.is_valid():
        for messages_ in form_errors(record_form).values():
            for message in messages_:
                form.add_error(None, message)
        return None
    record, _created = record_form.save(by=item.sent_by or request.user)
    mark_attached(item, record, by=request.user)
    return record


@role_required(COORDINATOR)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SyncReview.objects.select_related("sent_by", "senior", "handled_by"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    pairs = Pair.objects.of_user(item.sent_by) if item.sent_by else Pair.objects.none()
    initial_pair = pairs.order_by("-started_on").first()
    attach_form = AttachForm(
        request.POST if action == "attach" else None,
        user=request.user,
        initial={"senior": item.senior_id, "pair": initial_pair},
    )
    dismiss_form = DismissForm(request.POST if action == "dismiss" else None)
    try:
        if action == "attach" and attach_form.is_valid() and attach(request, item, attach_form):
            messages.success(request, _("The record was attached to the file."))
            return redirect("visits:review_list")
        if action == "dismiss" and dismiss_form.is_valid():
            dismiss_review(item, by=request.user, reason=dismiss_form.cleaned_data["reason"])
            messages.success(request, _("The record was dismissed."))
            return redirect("visits:review_list")
    except ValidationError as error:
        (attach_form if action == "attach" else dismiss_form).add_error(None, error.messages)
    context = {
        "item": item,
        "answers": what_it_says(item),
        "attach_form": attach_form,
        "dismiss_form": dismiss_form,
        "history": recent_changes(item, requested_page(request)),
    }
    return render(request, "visits/coordination/review_detail.html", context)
