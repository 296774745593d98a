"""The access log is append-only and tamper-evident: the database refuses to rewrite it, each
row's hash chains to the one before, and `verify_access_log` names the first broken row."""

import datetime
import hashlib
import io
import threading

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from seniors.models import AccessLog
from seniors.models.access import AccessLogCheckpoint, verify_chain
from seniors.services import anonymise_senior, log_access
from tests.factories import SeniorFactory, UserFactory

pytestmark = pytest.mark.django_db


def write_rows(count: int, **fields) -> list[AccessLog]:
    user = UserFactory()
    senior = SeniorFactory()
    return [
        log_access(user=user, action=AccessLog.Action.VIEW_SENIOR, senior=senior, **fields)
        for _ in range(count)
    ]


def tamper(sql: str, params: list) -> None:
    """What someone with the database owner's rights could do behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE seniors_accesslog DISABLE TRIGGER access_log_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE seniors_accesslog ENABLE TRIGGER access_log_append_only")


def verify() -> str:
    out = io.StringIO()
    try:
        call_command("verify_access_log", stdout=out)
    except CommandError as error:
        return str(error)
    return out.getvalue()


def test_each_row_chains_to_the_one_before():
    rows = write_rows(3)
    assert rows[0].previous_hash == ""  # the first row of an empty log
    assert [r.previous_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert len({r.hash for r in rows}) == 3
    assert "intact" in verify() and verify_chain().is_intact


@pytest.mark.parametrize(
    "sql",
    ["UPDATE seniors_accesslog SET detail = 'x'", "DELETE FROM seniors_accesslog"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_rewrite_the_log(sql):
    write_rows(1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLog.objects.count() == 1


def test_the_application_cannot_rewrite_a_row_either():
    (row,) = write_rows(1)
    row.detail = "changed"
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()


def test_a_changed_row_is_found_by_verify_access_log():
    rows = write_rows(4)
    tamper("UPDATE seniors_accesslog SET detail = 'admin' WHERE id = %s", [rows[2].id])
    assert verify_chain().first_broken_id == rows[2].id
    assert f"la ligne {rows[2].id} ne suit pas" in verify()


def test_a_row_removed_from_the_middle_is_found():
    rows = write_rows(4)
    tamper("DELETE FROM seniors_accesslog WHERE id = %s", [rows[1].id])
    assert verify_chain().first_broken_id == rows[2].id


def test_a_rehashed_row_is_still_found_without_the_secret_key():
    """Recomputing a plain hash is not enough: the hash is keyed with SECRET_KEY."""
    rows = write_rows(2)
    forged = hashlib.sha256(b"forged").hexdigest()
    tamper("UPDATE seniors_accesslog SET hash = %s WHERE id = %s", [forged, rows[1].id])
    assert verify_chain().first_broken_id == rows[1].id


def test_retention_removes_an_old_segment_behind_a_checkpoint_and_the_chain_continues():
    with time_machine.travel(datetime.datetime(2024, 1, 10, 12, 0, tzinfo=datetime.UTC)):
        old = write_rows(3)
    recent = write_rows(2)
    assert AccessLog.objects.purge_before(datetime.date(2025, 1, 1)) == 3
    checkpoint = AccessLogCheckpoint.objects.get()
    assert (checkpoint.last_id, checkpoint.last_hash, checkpoint.rows_removed) == (
        old[-1].id,
        old[-1].hash,
        3,
    )
    assert set(AccessLog.objects.values_list("id", flat=True)) == {r.id for r in recent}
    later = write_rows(1)
    assert later[0].previous_hash == recent[-1].hash
    assert verify_chain().is_intact and verify_chain().rows == 3


def test_rows_the_checkpoint_says_were_removed_cannot_come_back():
    with time_machine.travel(datetime.datetime(2024, 1, 10, 12, 0, tzinfo=datetime.UTC)):
        old = write_rows(2)
    write_rows(1)
    AccessLog.objects.purge_before(datetime.date(2025, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE seniors_accesslog DISABLE TRIGGER access_log_append_only")
        cursor.execute(
            "INSERT INTO seniors_accesslog (id, at, action, list_name, detail, previous_hash, hash) "
            "VALUES (%s, now(), 'export', '', '', '', '')",
            [old[0].id],
        )
        cursor.execute("ALTER TABLE seniors_accesslog ENABLE TRIGGER access_log_append_only")
    assert verify_chain().first_broken_id == old[0].id


def test_anonymising_a_senior_leaves_the_log_untouched_and_verifiable():
    rows = write_rows(2)
    anonymise_senior(rows[0].senior)
    assert verify_chain().is_intact
    assert AccessLog.objects.filter(senior=rows[0].senior, action=AccessLog.Action.VIEW_SENIOR).count() == 2


def test_sign_ins_and_failed_attempts_are_logged_without_the_name_typed(client):
    user = UserFactory(username="josiane")
    user.set_password("un mot de passe assez long")
    user.save()
    client.post(reverse("login"), {"username": "josiane", "password": "faux"})
    client.post(reverse("login"), {"username": "Mme Inconnue", "password": "faux"})
    client.post(reverse("login"), {"username": "josiane", "password": "un mot de passe assez long"})
    logged = list(AccessLog.objects.order_by("id").values_list("action", "user_id", "detail"))
    assert logged == [
        (AccessLog.Action.SIGN_IN_FAILED, user.id, ""),
        (AccessLog.Action.SIGN_IN_FAILED, None, ""),
        (AccessLog.Action.SIGN_IN, user.id, ""),
    ]
    assert verify_chain().is_intact


@pytest.mark.django_db(transaction=True)
def test_rows_written_at_the_same_instant_from_many_requests_keep_one_chain():
    user, senior = UserFactory(), SeniorFactory()

    def open_the_file() -> None:
        try:
            for _ in range(5):
                log_access(user=user, action=AccessLog.Action.VIEW_SENIOR, senior=senior)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_the_file) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = verify_chain()
    assert check.is_intact and check.rows == 40
    assert AccessLog.objects.values("previous_hash").distinct().count() == 40  # no fork
