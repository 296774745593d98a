"""The health endpoint for the hosting team: the database answers, every migration is applied,
stored files can be written, the disk holding them has room. It names services, never people,
and answers only the addresses of `HEALTH_CHECK_ALLOWED_IPS` (others get the site's 404)."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from health_check import Database, HealthCheck, Storage
from health_check.contrib.psutil import Disk
from health_check.exceptions import HealthCheckException, ServiceUnavailable

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the installed code is applied to the database (the upgrade ran)."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self) -> None:
        executor = MigrationExecutor(connections[self.alias])
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if waiting:
            raise ServiceUnavailable(f"migrations not applied: {len(waiting)} (run manage.py migrate)")


def allowed(address: str) -> bool:
    """Whether the direct peer `address` is one of the configured addresses or networks. Only the
    connection's own address counts: a forwarded-for header can be written by anyone."""
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(net, strict=False) for net in settings.HEALTH_CHECK_ALLOWED_IPS)


def checks() -> list[HealthCheck]:
    # Room left on the disk of the stored files (issued reports, imports).
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    disk = Disk(path=str(settings.MEDIA_ROOT), max_disk_usage_percent=settings.HEALTH_CHECK_MAX_DISK_PERCENT)
    return [Database(), Migrations(), Storage(), disk]


def outcome(check: HealthCheck) -> str:
    """ "OK", or what failed, in the library's words. The checks are run one after the other
    in the request's thread: a synchronous view, like the rest of the site."""
    try:
        check.run()
    except HealthCheckException as error:
        logger.warning("Health check %r failed", check, exc_info=True)
        return str(error)
    except Exception:
        logger.exception("Unexpected exception during health check %r", check)
        return "unknown error"
    return "OK"


@never_cache
@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    if not allowed(request.META.get("REMOTE_ADDR", "")):
        raise Http404
    report = {repr(check): outcome(check) for check in checks()}
    status = 200 if set(report.values()) <= {"OK"} else 500
    wants_json = request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        return JsonResponse(report, status=status)
    lines = "".join(f"{name}: {result}\n" for name, result in report.items())
    return HttpResponse(lines, status=status, content_type="text/plain; charset=utf-8")
