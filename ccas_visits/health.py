"""The health endpoint for the hosting team: the database answers, every migration is applied,
stored files can be written, the disk holding them has room. It names services, never people,
and answers only the addresses of `HEALTH_CHECK_ALLOWED_IPS` (others get the site's 404)."""

from __future__ import annotations

import dataclasses
import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from health_check import Database, HealthCheck, Storage
from health_check.contrib.psutil import Disk
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the installed code is applied to the database (the upgrade ran)."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
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


class HealthView(HealthCheckView):
    def get_checks(self):
        yield Database()
        yield Migrations()
        yield Storage()
        # Room left on the disk of the stored files (issued reports, imports).
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        yield Disk(
            path=str(settings.MEDIA_ROOT), max_disk_usage_percent=settings.HEALTH_CHECK_MAX_DISK_PERCENT
        )

    async def dispatch(self, request, *args, **kwargs):
        if not allowed(request.META.get("REMOTE_ADDR", "")):
            raise Http404
        return await super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        # A browser gets the plain-text report: the page is for the hosting team's tools.
        return self.render_to_response_text(kwargs.get("status", 200))


health = login_not_required(HealthView.as_view())
