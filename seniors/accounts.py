"""What ends an account's sessions and is recorded in the access log: the user ending their own
sessions ("Mes connexions"), a coordinator changing an account's role or deactivating it in
the admin. (Pausing or ending a volunteer closes theirs too: volunteers.services.)"""

from __future__ import annotations

from django.db import transaction

from ccas_visits.lib.permissions import ROLES
from ccas_visits.lib.sessions import close_sessions_of
from seniors.models import AccessLog


@transaction.atomic
def end_sessions(user, *, current_key: str, only: str | None = None) -> int:
    """End the user's other sessions (or only the one whose public id is `only`), never the one
    asking; each ending is in the access log. Returns how many ended."""
    count = close_sessions_of(user, keep=current_key, only=only)
    if count:
        AccessLog.objects.create(user=user, action=AccessLog.Action.SESSION_ENDED, rows=count)
    return count


def roles_of(account) -> set[str]:
    return set(account.groups.filter(name__in=ROLES).values_list("name", flat=True))


@transaction.atomic
def record_account_change(*, account, roles_before: set[str], by) -> None:
    """After an account was changed (the admin's user form): a new role is logged and, as a
    deactivation, ends every session of the account at once; the next page asks to sign in."""
    roles_after = roles_of(account)
    if roles_after != roles_before:
        AccessLog.objects.create(
            user=by,
            action=AccessLog.Action.ROLE_CHANGED,
            detail=f"account {account.pk}: {','.join(sorted(roles_before)) or '-'} -> "
            f"{','.join(sorted(roles_after)) or '-'}",
        )
    if roles_after != roles_before or not account.is_active:
        close_sessions_of(account)
