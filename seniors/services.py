"""Workflows on seniors' files that leave a trace."""

from seniors.models import AccessLog, Senior


def log_access(
    *,
    user,
    action: str,
    senior: Senior | None = None,
    list_name: str = "",
    rows: int | None = None,
    detail: str = "",
) -> AccessLog:
    """Record a read of personal data (a file opened, a list exported)."""
    return AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        action=action,
        senior=senior,
        list_name=list_name,
        rows=rows,
        detail=detail[:300],
    )
