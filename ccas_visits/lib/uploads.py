"""The uploaded file, kept on the server between the preview and the confirmation: the
browser only holds a random token, checked against the one in its own session."""

from __future__ import annotations

import datetime
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
UPLOAD_MAX_AGE = datetime.timedelta(days=1)


def _upload_path(token: str) -> Path:
    if not TOKEN_RE.match(token):
        raise ValueError("bad upload token")
    return Path(settings.IMPORT_TMP_DIR) / f"{token}.upload"


def store_upload(session, key: str, data: bytes, **meta) -> str:
    """Keep `data` under a new random token recorded in the user's session; drop stale files."""
    discard_upload(session, key)
    directory = Path(settings.IMPORT_TMP_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    cutoff = (timezone.now() - UPLOAD_MAX_AGE).timestamp()
    for old in directory.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(32)
    path = _upload_path(token)
    path.write_bytes(data)
    path.chmod(0o600)
    session[key] = {"token": token, **meta}
    return token


def load_upload(session, key: str, token: str) -> tuple[bytes, dict] | None:
    """The file stored for this session under `token`, with its details; None if gone."""
    stored = session.get(key)
    if not stored or not token or not secrets.compare_digest(stored["token"], token):
        return None
    try:
        return _upload_path(stored["token"]).read_bytes(), stored
    except (OSError, ValueError):
        return None


def discard_upload(session, key: str) -> None:
    stored = session.pop(key, None)
    if stored:
        try:
            _upload_path(stored["token"]).unlink(missing_ok=True)
        except ValueError:
            pass
