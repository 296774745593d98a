"""The version a CCAS reads in the footer and from `manage.py version`, and its CHANGELOG entry."""

import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def declared_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_version_command_prints_the_declared_version(capsys):
    call_command("version")
    assert capsys.readouterr().out.strip() == declared_version()


@pytest.mark.django_db
def test_every_page_footer_shows_the_version(client):
    page = client.get("/connexion/").content.decode()
    assert f"version {declared_version()}" in page


def test_the_changelog_says_what_the_declared_version_changed():
    headings = [line for line in (ROOT / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")]
    assert headings[0].startswith(f"## {declared_version()} ")
