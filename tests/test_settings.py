import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a production server's environment would not hold (the browser tests set the last one).
NOT_INHERITED = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.org", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in NOT_INHERITED},
            "DEBUG": "0",
            "ALLOWED_HOSTS": "visites.example.fr",
            "SECRET_KEY": secrets.token_urlsafe(50),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def production_environment(**env: str) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in NOT_INHERITED},
        "DEBUG": "0",
        "ALLOWED_HOSTS": "visites.example.fr",
        "SECRET_KEY": secrets.token_urlsafe(50),
        **env,
    }


def test_production_asks_staff_for_a_second_factor_and_the_demo_does_not():
    code = "from django.conf import settings; print(settings.STAFF_SECOND_FACTOR_REQUIRED)"
    shell = [sys.executable, "manage.py", "shell", "-c", code]
    production = subprocess.run(shell, cwd=ROOT, env=production_environment(), capture_output=True, text=True)
    demo_env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    demo = subprocess.run(shell, cwd=ROOT, env=demo_env, capture_output=True, text=True)
    # The shell announces its automatic imports first: the last line is the value.
    assert (production.stdout.split()[-1], demo.stdout.split()[-1]) == ("True", "False")


def test_the_deployment_checklist_warns_when_production_lets_staff_in_on_a_password_alone():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(STAFF_SECOND_FACTOR_REQUIRED="0"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "second_factor.W001" in result.stdout + result.stderr
