"""The apps depend on each other one way (README, "Layout"): reports → visits → seniors →
volunteers → ccas_visits. A module that imports an app above its own fails here, wherever
the import sits (top of the module, inside a function, under TYPE_CHECKING)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["ccas_visits", "volunteers", "seniors", "visits", "reports"]


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps.update(name.split(".")[0] for name in names)
    return apps & set(ORDER)


def modules(app: str) -> list[Path]:
    paths = sorted((ROOT / app).rglob("*.py"))
    if app == "ccas_visits":
        # The URL root puts every app's pages together.
        paths = [path for path in paths if path != ROOT / "ccas_visits" / "urls.py"]
    return paths


@pytest.mark.parametrize("app", ORDER[:-1])
def test_no_app_imports_an_app_above_it(app):
    above = set(ORDER[ORDER.index(app) + 1 :])
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(imported_apps(path) & above)
        for path in modules(app)
        if imported_apps(path) & above
    }
    assert wrong == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from visits.models import Call\n", encoding="utf-8")
    assert imported_apps(module) == {"visits"}
