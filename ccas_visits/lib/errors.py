"""What a server error tells the people who must fix it (e-mail to ADMINS, Sentry when
configured, the logs): where it happened — the URL's path, the view, the traceback's files and
lines — never what was typed, who was asking by name, or the values an exception carries
(a database error quotes the row it refused, a senior's name included)."""

from __future__ import annotations

import json
import logging
import traceback

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REDACTED = "[retiré : données personnelles]"
KEPT_META = ("REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL")


class NoPersonalDataFilter(SafeExceptionReporterFilter):
    """Every request value and every frame's variables replaced, in production as in debug."""

    cleansed_substitute = REDACTED

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request):
        return {} if request is None else {key: REDACTED for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, REDACTED) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        return {key: request.META[key] for key in KEPT_META if key in request.META}

    def get_safe_cookies(self, request):
        return {key: REDACTED for key in request.COOKIES}


class NoPersonalDataReporter(ExceptionReporter):
    """Django's report, without the exception's text, the query string or the user's name."""

    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        if data.get("exception_value"):
            data["exception_value"] = REDACTED
        data["exception_notes"] = ""
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = type(frame["exc_cause"]).__name__
        if self.request is not None:
            data["request_insecure_uri"] = self.request.path
            data["request_GET_items"] = [(key, REDACTED) for key in self.request.GET]
            user = getattr(self.request, "user", None)
            data["user_str"] = f"user #{user.pk}" if getattr(user, "pk", None) else "anonymous"
        return data


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and for an error the exception's
    type and where it was raised (not its text: it may quote personal data)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, tb = record.exc_info
            entry["exception"] = kind.__name__
            entry["where"] = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
        return json.dumps(entry, ensure_ascii=False)


def scrub_event(event: dict, hint: dict) -> dict:
    """Sentry's `before_send`: the event keeps the stack and the URL's path, loses the request's
    body, query string, cookies and headers, the user, the exception texts and the breadcrumbs."""
    request = event.get("request") or {}
    event["request"] = {key: request[key] for key in ("method", "url") if key in request}
    if "url" in event["request"]:
        event["request"]["url"] = event["request"]["url"].split("?", 1)[0]
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = REDACTED
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    event.pop("breadcrumbs", None)
    event.pop("extra", None)
    event.pop("logentry", None)
    return event


def start_error_reporting(dsn: str, environment: str, release: str, **options) -> None:
    """Send server errors to Sentry (or a compatible service such as GlitchTip) at `dsn`,
    scrubbed by `scrub_event`; no performance tracing, no personal data by default."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        # Nothing about the person or the request is collected; scrub_event removes the rest.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        traces_sample_rate=0,
        before_send=scrub_event,
        **options,
    )
