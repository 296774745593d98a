"""Settings of the benchmark's own gunicorn only (`make bench`), never of a deployment.

The production settings, plus: the floor URLconf, cookies sent over the local plain-http
connection, and static files collected into a temporary directory."""

import os

from ccas_visits.settings import *  # noqa: F403 - the production settings, unchanged but for below

ROOT_URLCONF = "tests.bench.urls"
# The benchmark talks plain http to 127.0.0.1: secure-only cookies would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
