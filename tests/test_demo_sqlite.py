"""The zero-setup demo runs on SQLite: every role's main pages must work there too.

The rest of the suite runs on PostgreSQL; this runs the demo's own database in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = {
    "coordinator": [
        "/tableau-de-bord/",
        "/seniors/",
        "/seniors/?q=lefevre&waiting=on",
        "/benevoles/",
        "/benevoles/binomes/",
        "/suivi/appels/",
        "/suivi/visites/",
        "/suivi/a-relancer/",
        "/suivi/alertes/",
        "/suivi/campagnes/",
        "/rapports/",
    ],
    "volunteer": ["/suivi/mes-seniors/"],
    "manager": ["/rapports/", "/rapports/bilan/?start=2026-01-01&end=2026-06-30"],
}

SCRIPT = """
import json, sys
from django.contrib.auth.models import User
from django.test import Client
from seniors.models import Senior
pages = json.loads(sys.argv[1])
senior = Senior.objects.filter(pair__isnull=False).first()
pages["coordinator"].append(f"/seniors/{senior.pk}/")
failures = []
for username, urls in pages.items():
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    for url in urls:
        status = client.get(url).status_code
        if status != 200:
            failures.append(f"{username} {url} {status}")
print("\\n".join(failures) or "ok")
"""


def test_demo_pages_work_on_sqlite(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "-v0")
    manage("seed_demo", "--seed", "2")
    import json

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'ccas_visits.settings'); django.setup(); exec(open(0).read())",
            json.dumps(PAGES),
        ],
        cwd=ROOT,
        env=env,
        input=SCRIPT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "ok", out.stdout
