"""The project's layers, read from its imports: what `core/tests/test_architecture.py` checks.

    core            the shared library: imports no app of the project
    domain apps     audit, units, accounts, directory, attachments, assessments,
                    consultations, facilities, reports, indicators: may import core and
                    each other, never in a circle, never portal or api
    portal, api     the top: home, navigation, demo, schedule; the REST API. Each may
                    import every app below; no app imports them

Every import counts, wherever it stands (inside a function, under TYPE_CHECKING): a
deferred import is still a dependency. Tests and migrations are left out; they may reach
anywhere.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

BOTTOM = "core"
TOPS = ("portal", "api")
SKIPPED_PARTS = {"tests", "migrations"}


def project_apps(root: Path) -> list[str]:
    """Every folder of the project that is a Django app (has apps.py)."""
    return sorted(p.name for p in root.iterdir() if (p / "apps.py").is_file())


def _imported_modules(source: str) -> Iterable[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def app_imports(root: Path, apps: list[str]) -> dict[str, dict[str, list[str]]]:
    """app → imported app → where ("path:line module"), for imports between project apps."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in apps}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if SKIPPED_PARTS & set(path.relative_to(root).parts):
                continue
            for line, module in _imported_modules(path.read_text()):
                target = module.split(".")[0]
                if target in apps and target != app:
                    where = f"{path.relative_to(root)}:{line} {module}"
                    graph[app].setdefault(target, []).append(where)
    return graph


def module_imports(root: Path, apps: list[str]) -> dict[str, set[str]]:
    """module → the project modules it imports (`from app import module` included)."""
    modules: dict[str, Path] = {}
    for app in apps:
        for path in (root / app).rglob("*.py"):
            if SKIPPED_PARTS & set(path.relative_to(root).parts):
                continue
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def module_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import each other, directly or through others."""
    as_apps = {name: {t: [t] for t in targets} for name, targets in graph.items()}
    found = set()
    for name in sorted(graph):
        cycle = _cycle_from(name, as_apps)
        if cycle is not None:
            found.add(tuple(sorted(set(cycle))))
    return [list(cycle) for cycle in sorted(found)]


def _cycle_from(start: str, graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """The shortest circle of imports through `start`, as a list of apps, if any."""
    paths = [[start]]
    seen = {start}
    while paths:
        longer = []
        for path in paths:
            for nxt in sorted(graph.get(path[-1], {})):
                if nxt == start:
                    return [*path, start]
                if nxt not in seen:
                    seen.add(nxt)
                    longer.append([*path, nxt])
        paths = longer
    return None


def layering_problems(graph: dict[str, dict[str, list[str]]]) -> list[str]:
    """Every broken rule of the layers, each with the import that breaks it."""
    problems = []
    for target, where in sorted(graph.get(BOTTOM, {}).items()):
        problems.append(f"{BOTTOM} is the bottom library but imports {target}: {where[0]}")
    for app, targets in sorted(graph.items()):
        for top in TOPS:
            if top in targets:
                problems.append(f"{app} imports {top}, the top layer: {targets[top][0]}")
    circles = set()
    for app in sorted(graph):
        cycle = _cycle_from(app, graph)
        if cycle is not None:
            # One report per circle, however many apps are on it.
            turn = cycle.index(min(cycle[:-1]))
            circles.add(tuple(cycle[turn:-1] + cycle[:turn + 1]))
    for cycle in sorted(circles):
        steps = [graph[a][b][0] for a, b in pairwise(cycle)]
        problems.append("import circle " + " → ".join(cycle) + ": " + "; ".join(steps))
    return problems
