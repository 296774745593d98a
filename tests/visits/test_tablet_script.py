"""The tablet's script: native modules that all work offline and under hashed names, told
everything by the server (addresses, timeout, texts in French) in one data block."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage as SourceFiles
from django.urls import reverse

from ccas_visits.lib.storage import StaticFilesStorage
from visits.views.tablet import OFFLINE_ASSETS

MODULES = Path(settings.STATICFILES_DIRS[0]) / "js" / "tablet"
IMPORT = re.compile(r"""import\s*\{[^}]*\}\s*from\s*"\./([\w.-]+)";""")


def test_every_module_is_kept_for_offline_use():
    modules = {f"js/tablet/{path.name}" for path in MODULES.glob("*.js")}
    assert "js/tablet/main.js" in modules
    assert modules <= set(OFFLINE_ASSETS)


def test_modules_import_only_each_other():
    for path in MODULES.glob("*.js"):
        for name in IMPORT.findall(path.read_text()):
            assert (MODULES / name).exists(), (path.name, name)


def test_production_names_reach_the_imported_modules(tmp_path):
    source = SourceFiles(location=MODULES.parent.parent)
    storage = StaticFilesStorage(location=tmp_path)
    paths = {}
    for path in MODULES.glob("*.js"):
        name = f"js/tablet/{path.name}"
        with source.open(name) as content:
            storage.save(name, content)
        paths[name] = (storage, name)
    list(storage.post_process(paths))
    main = (tmp_path / storage.stored_name("js/tablet/main.js")).read_text()
    imported = IMPORT.findall(main)
    assert "send.js" not in imported and any(re.fullmatch(r"send\.[0-9a-f]{12}\.js", n) for n in imported)
    for name in imported:
        assert (tmp_path / "js" / "tablet" / name).exists()


@pytest.mark.django_db
def test_the_page_tells_the_script_its_settings_and_texts_in_french(volunteer_a_client, settings):
    settings.TABLET_SEND_TIMEOUT_SECONDS = 7
    page = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    block = re.search(r'<script id="tablet-config" type="application/json">(.*?)</script>', page, re.S)
    config = json.loads(block.group(1))
    assert config["sendTimeoutMs"] == 7000
    assert config["syncUrl"] == reverse("visits:sync")
    assert config["texts"]["summaryPending"] == "En attente d’envoi\u00a0: {n}."
    assert config["texts"]["refused"] == "Non accepté\u00a0: {reason}"
    assert "no_network=Pas+de+r%C3%A9seau" in config["swUrl"]
    # No inline code: the data block and the module file only.
    scripts = re.findall(r"<script[^>]*>", page)
    assert all('type="application/json"' in tag or "src=" in tag for tag in scripts)
    assert '<script type="module" src="/static/js/tablet/main.js">' in page
