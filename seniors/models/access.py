"""Who opened which senior's file, exported which list, signed in (with the second factor):
kept for the DPO, append-only and tamper-evident.

Each row carries a keyed hash (HMAC-SHA256 with the project's SECRET_KEY) of its own fields
and of the row before it, so that a row changed, removed or slipped in afterwards breaks the
chain (`manage.py verify_access_log` names the first broken row). On PostgreSQL a trigger
refuses every UPDATE, and every DELETE not covered by a checkpoint: retention removes whole
old segments only, and records the last hash it kept in an `AccessLogCheckpoint`, from which
the chain continues. Rows hold identifiers, not names: anonymising a senior never touches
the log, and the log never needs to be rewritten."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.dates import local_midnight
from ccas_visits.lib.sessions import describe_user_agent

HASH_SALT = "ccas_visits.access_log"
# One writer at a time appends to the chain (a PostgreSQL advisory lock, per transaction).
CHAIN_LOCK = 4_242_001


def row_hash(fields: dict, previous_hash: str, secret: str | None = None) -> str:
    message = json.dumps({**fields, "previous": previous_hash}, sort_keys=True, ensure_ascii=False)
    return salted_hmac(HASH_SALT, message, secret=secret, algorithm="sha256").hexdigest()


LAST_HASH = (
    "SELECT COALESCE((SELECT hash FROM seniors_accesslog ORDER BY id DESC LIMIT 1), "
    "(SELECT last_hash FROM seniors_accesslogcheckpoint ORDER BY id DESC LIMIT 1), '')"
)


def lock_chain() -> None:
    """Inside a transaction: wait until no other one is appending to the chain."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def chained_fields(entry) -> dict:
    """What a row's hash covers: every field but the id and the hashes (also used by the
    migration that chained the rows written before the chain existed)."""
    return {
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "user": entry.user_id,
        "action": entry.action,
        "senior": entry.senior_id,
        "list": entry.list_name,
        "rows": entry.rows,
        "detail": entry.detail,
    }


class AccessLogQuerySet(models.QuerySet):
    def sign_ins_of(self, user) -> AccessLogQuerySet:
        """The account's sign-ins, sign-outs, failed attempts and sessions ended, newest first."""
        actions = [
            AccessLog.Action.SIGN_IN,
            AccessLog.Action.SIGN_IN_FAILED,
            AccessLog.Action.SIGN_OUT,
            AccessLog.Action.SESSION_ENDED,
        ]
        return self.filter(user=user, action__in=actions).order_by("-at", "-id")

    def lock_and_last_hash(self) -> str:
        """Wait until no other transaction is appending (PostgreSQL), then the hash the next
        row chains to: the newest row's, or, when every row before it was purged, the latest
        checkpoint's ("" for a log that never held a row)."""
        lock_chain()  # a statement of its own: the next one must see what was committed meanwhile
        with connection.cursor() as cursor:
            cursor.execute(LAST_HASH)
            return cursor.fetchone()[0]

    def purge_before(self, day: datetime.date) -> int:
        """Remove the rows written before `day` (Paris) as one old segment, after recording
        the last hash removed as a checkpoint; return how many rows went."""
        with transaction.atomic():
            lock_chain()
            segment = self.filter(
                id__lte=self.filter(at__lt=local_midnight(day)).aggregate(m=models.Max("id"))["m"] or 0
            )
            last = segment.order_by("-id").first()
            if last is None:
                return 0
            count = segment.count()
            AccessLogCheckpoint.objects.create(last_id=last.id, last_hash=last.hash, rows_removed=count)
            segment.delete()
            return count


class AccessLog(models.Model):
    """Who opened which senior's file, who exported which list, who signed in."""

    class Action(models.TextChoices):
        VIEW_SENIOR = "view_senior", _("Opened a senior's file")
        EXPORT = "export", _("Exported a list")
        ACCESS_REQUEST = "access_request", _("Produced a senior's access-request document")
        ANONYMISE = "anonymise", _("Anonymised a file")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed to sign in")
        SIGN_OUT = "sign_out", _("Signed out")
        SECOND_FACTOR_ENROLLED = "mfa_enrolled", _("Added a second factor")
        SECOND_FACTOR_VERIFIED = "mfa_verified", _("Passed the second factor")
        SECOND_FACTOR_FAILED = "mfa_failed", _("Failed the second factor")
        RECOVERY_CODE_USED = "mfa_recovery_used", _("Used a recovery code")
        RECOVERY_CODES_RENEWED = "mfa_codes_renewed", _("Renewed the recovery codes")
        SECOND_FACTOR_REMOVED = "mfa_removed", _("Removed a second factor")
        SECOND_FACTOR_RESET = "mfa_reset", _("Second factor reset by a coordinator")
        SESSION_ENDED = "session_ended", _("Ended a session")
        ROLE_CHANGED = "role_changed", _("Changed an account's role")

    # Identifiers only, never rewritten: no database constraint and nothing done to the row
    # when the account or the file goes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_logs",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    senior = models.ForeignKey(
        "seniors.Senior",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    list_name = models.CharField(_("list"), max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    previous_hash = models.CharField(_("previous row's hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        """Rows are only ever added, each at the end of the chain."""
        if not self._state.adding:
            raise ValueError("The access log is append-only.")
        with transaction.atomic(savepoint=False):
            self.at = self.at or timezone.now()
            self.previous_hash = AccessLog.objects.lock_and_last_hash()
            self.hash = row_hash(self.chained_fields(), self.previous_hash)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only; retention removes old segments (purge_before).")

    def chained_fields(self) -> dict:
        return chained_fields(self)

    def has_valid_hash(self, previous_hash: str) -> bool:
        """The row still reads as written after `previous_hash`, with the current secret key
        or one it replaced (SECRET_KEY_FALLBACKS)."""
        if self.previous_hash != previous_hash:
            return False
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(
            constant_time_compare(self.hash, row_hash(self.chained_fields(), previous_hash, secret))
            for secret in secrets
        )


class AccessLogCheckpoint(models.Model):
    """Where the chain continues after retention removed an old segment (or after a restore)."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    last_id = models.PositiveBigIntegerField(_("last row removed"))
    last_hash = models.CharField(_("its hash"), max_length=64)
    rows_removed = models.PositiveIntegerField(_("rows removed"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("access-log checkpoint")
        verbose_name_plural = _("access-log checkpoints")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y} → {self.last_id}"


@dataclass
class ChainCheck:
    rows: int
    first_broken_id: int | None

    @property
    def is_intact(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainCheck:
    """Walk the log in order from the latest checkpoint; the first row that does not chain
    to the one before it (changed, removed, or inserted out of turn) is named."""
    checkpoint = AccessLogCheckpoint.objects.order_by("-id").first()
    previous = checkpoint.last_hash if checkpoint else ""
    rows = AccessLog.objects.order_by("id")
    if checkpoint:
        earlier = rows.filter(id__lte=checkpoint.last_id).order_by("id").first()
        if earlier is not None:  # a row the checkpoint says was removed
            return ChainCheck(rows=rows.count(), first_broken_id=earlier.id)
    count = 0
    for entry in rows.iterator(chunk_size=2000):
        if not entry.has_valid_hash(previous):
            return ChainCheck(rows=count, first_broken_id=entry.id)
        previous, count = entry.hash, count + 1
    return ChainCheck(rows=count, first_broken_id=None)


def log_sign_in(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in (seniors.apps): with the kind of browser, never its address."""
    device = describe_user_agent(request.META.get("HTTP_USER_AGENT", "")[:500]) if request else ""
    AccessLog.objects.create(user=user, action=AccessLog.Action.SIGN_IN, detail=device)


def log_sign_out(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_out; `user` is None when the session had already ended."""
    if user is not None:
        AccessLog.objects.create(user=user, action=AccessLog.Action.SIGN_OUT)


def log_failed_sign_in(sender, credentials: dict, request=None, **kwargs) -> None:
    """Connected to user_login_failed: the account tried when it exists, never the name typed."""
    model = get_user_model()
    username = str(credentials.get("username") or "")[:150]
    user = None if "\x00" in username else model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    AccessLog.objects.create(user=user, action=AccessLog.Action.SIGN_IN_FAILED)
