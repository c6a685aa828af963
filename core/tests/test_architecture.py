"""Project rules that a reviewer would otherwise have to remember."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from testing.architecture import (
    app_imports,
    layering_problems,
    module_cycles,
    module_imports,
    project_apps,
)

ROOT = Path(__file__).resolve().parents[2]
APPS = project_apps(ROOT)

# Views get objects only through the permission layer (`<entity>_get_for_user`, scoped
# selectors); a direct query in a view is a permission check someone forgot.
FORBIDDEN_IN_VIEWS = re.compile(r"\.objects\.|get_object_or_404|get_list_or_404|connection\.cursor")


def _view_files():
    for app in APPS:
        yield from sorted((ROOT / app).glob("views*.py"))


def test_it_knows_every_app_of_the_project():
    installed = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert set(APPS) == installed
    assert {"core", "portal", "units", "accounts", "indicators"} <= set(APPS)


def test_it_keeps_the_layers_one_way_down():
    """core imports no app; no app imports portal; no two apps import each other, even
    through others (see testing/architecture.py)."""
    assert layering_problems(app_imports(ROOT, APPS)) == []


def test_it_keeps_modules_out_of_import_circles():
    """Inside an app too: a module that needs another's rule imports it, never both ways
    (a circle forces a deferred import and hides which module owns the rule)."""
    assert module_cycles(module_imports(ROOT, APPS)) == []


def test_it_finds_a_circle_between_modules():
    graph = {"f.io": {"f.services"}, "f.services": {"f.rules", "f.io"}, "f.rules": set()}
    assert module_cycles(graph) == [["f.io", "f.services"]]
    assert module_cycles({"f.io": {"f.rules"}, "f.rules": set()}) == []


# A permission check written out by hand, with its own message: require() is the one way
# to refuse, and its message comes from the permission table.
HAND_WRITTEN_REFUSAL = re.compile(r"if not can\([^\n]*\):\n\s*raise PermissionDenied")


def test_it_refuses_through_require_only():
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS for path in sorted((ROOT / app).rglob("*.py"))
        if "tests" not in path.parts and path != ROOT / "accounts" / "permissions.py"
        and HAND_WRITTEN_REFUSAL.search(path.read_text())
    ]
    assert offenders == []


def test_it_keeps_queries_out_of_views():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _view_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if FORBIDDEN_IN_VIEWS.search(line)
    ]
    assert offenders == []


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


# Pages anyone may open: logging in, switching language, the public list of recognised
# units and the residents' answer pages (/y/).
PUBLIC = re.compile(r"^(accounts/login/|i18n/|public/|admin/|y/)")
# The API's description and its documentation hold no data: anyone may read them.
API_DOCS = re.compile(r"^api/v1/(openapi\.json|docs/)$")


@pytest.mark.django_db
def test_it_requires_login_for_every_page(client):
    checked = 0
    for route, _pattern in _patterns(get_resolver().url_patterns):
        if PUBLIC.match(route):
            continue
        path = "/" + re.sub(r"<(?:int:)?[^>]+>", "1", route).replace("^", "").replace("$", "")
        if API_DOCS.match(route):
            assert client.get(path).status_code == 200, path
            continue
        for method in (client.get, client.post):
            response = method(path)
            if route.startswith("api/"):
                # A program has no login page to go to: it is told to send its key.
                assert response.status_code in (401, 404), f"{method.__name__} {path}"
                if route != "api/^.*$" and "<" not in route:
                    assert response.status_code == 401, f"{method.__name__} {path}"
                continue
            assert response.status_code in (302, 405), f"{method.__name__} {path}"
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), path
        checked += 1
    assert checked >= 10


# --- The layering check itself: it must fail when a rule is broken ---------------------

def _graph(*edges: str) -> dict[str, dict[str, list[str]]]:
    graph: dict[str, dict[str, list[str]]] = {}
    for edge in edges:
        source, target = edge.split(">")
        graph.setdefault(source, {})[target] = [f"{source}/x.py:1 {target}.y"]
        graph.setdefault(target, {})
    return graph


def test_it_accepts_layers_that_flow_one_way():
    assert layering_problems(_graph("units>core", "accounts>units", "accounts>core",
                                    "portal>accounts", "portal>core")) == []


def test_it_refuses_core_importing_an_app():
    assert layering_problems(_graph("core>units")) == [
        "core is the bottom library but imports units: core/x.py:1 units.y"]


def test_it_refuses_an_app_importing_portal():
    assert layering_problems(_graph("reports>portal")) == [
        "reports imports portal, the top layer: reports/x.py:1 portal.y"]


def test_it_refuses_an_app_importing_the_api():
    assert layering_problems(_graph("indicators>api", "api>indicators")) == [
        "indicators imports api, the top layer: indicators/x.py:1 api.y",
        "import circle api → indicators → api: api/x.py:1 indicators.y; "
        "indicators/x.py:1 api.y"]


@pytest.mark.parametrize("edges", [
    ("units>accounts", "accounts>units"),
    ("a>b", "b>c", "c>a"),
    ("c>a", "a>b", "b>c", "a>core"),
])
def test_it_refuses_a_circle_of_imports_once(edges):
    problems = layering_problems(_graph(*edges))
    assert len(problems) == 1 and problems[0].startswith("import circle ")


def test_it_finds_imports_inside_functions_and_type_checking_blocks(tmp_path):
    for app in ("core", "units"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
    (tmp_path / "core" / "helpers.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from units.models import OrgUnit\n"
        "def f():\n    import units.selectors\n"
        "from . import sibling\n"
    )
    (tmp_path / "core" / "tests").mkdir()
    (tmp_path / "core" / "tests" / "test_x.py").write_text("from units import anything\n")
    graph = app_imports(tmp_path, project_apps(tmp_path))
    assert graph["core"] == {"units": ["core/helpers.py:3 units.models",
                                       "core/helpers.py:5 units.selectors"]}
    assert len(layering_problems(graph)) == 1
