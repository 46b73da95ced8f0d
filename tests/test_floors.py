"""The package's floors: a lower floor never imports a higher one, and packages never reach each other in a cycle.

Floors, from the ground up (README, "Layout"):
  0 common     small utilities: clock, diagnostics, private files
  1 show       the event as data and pure rules (model, run of show, rota, cues, delays); no I/O
  2 schedule   what reads files (loader, rules with positions, defaults, importer)
    zoom       what talks to Zoom (client, models, webhooks)
    i18n       gettext catalogs, dates per locale, Jinja2 templates
    sandbox    the embedded Zoom simulator
  3 provision, runner, briefings, report
  4 board, service
  5 app        the one configuration object and the one place that assembles the app
  6 cli        the `zoomops` command, thin
Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "zoomops"

FLOORS: dict[str, int] = {
    "common": 0,
    "show": 1,
    "schedule": 2,
    "importer": 2,
    "zoom": 2,
    "sandbox": 2,
    "provision": 3,
    "runner": 3,
    "briefings": 3,
    "report": 3,
    "i18n": 2,
    "board": 4,
    "service": 4,
    "app": 5,
    "cli": 6,
}


def _package_imports() -> dict[str, set[tuple[str, str]]]:
    """{package: {(imported package, 'file:line'), ...}} for every zoomops import, at any depth."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        if len(rel) == 1:
            continue  # zoomops/__init__.py, __main__.py
        pkg = rel[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules: list[str] = []
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = rel[: len(rel) - node.level]
                    modules = [".".join(("zoomops", *base, *([node.module] if node.module else [])))]
                else:
                    modules = [node.module or ""]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "zoomops" and len(parts) > 1 and (ROOT / parts[1]).is_dir() and parts[1] != pkg:
                    found.setdefault(pkg, set()).add((parts[1], f"{path.relative_to(ROOT.parent)}:{node.lineno}"))
    return found


def test_every_package_has_a_floor() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(FLOORS), f"give these packages a floor in tests/test_floors.py: {packages - set(FLOORS)}"


def test_no_lower_floor_imports_a_higher_one() -> None:
    upward = [
        f"{where}: {pkg} (floor {FLOORS[pkg]}) imports {target} (floor {FLOORS[target]})"
        for pkg, targets in _package_imports().items()
        for target, where in targets
        if FLOORS[target] > FLOORS[pkg]
    ]
    assert upward == []


def test_no_cycle_between_packages() -> None:
    edges = {pkg: {t for t, _ in targets} for pkg, targets in _package_imports().items()}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(pkg for pkg in edges if pkg in reach(pkg))
    assert cycles == []


def _absolute_imports(node: ast.AST) -> list[str]:
    """The modules an import statement names (relative imports excluded)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and not node.level:
        return [node.module or ""]
    return []


def test_the_event_floor_does_no_io() -> None:
    """The event's data and rules (`show/`) read no files, no network, no environment."""
    forbidden = {"os", "requests", "sqlite3", "socket", "subprocess", "http", "urllib", "yaml", "dotenv", "pathlib"}
    bad = []
    for path in (ROOT / "show").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bad += [f"{path.name}:{node.lineno} imports {n}" for n in _absolute_imports(node)
                    if n.split(".")[0] in forbidden]
    assert bad == []


def test_only_the_app_reads_the_environment() -> None:
    """One configuration object: no module outside `app/` reads `os.environ`/`getenv` or looks for `.env`."""
    readers = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "app":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
                readers.append(f"zoomops/{rel}:{node.lineno} reads os.{node.attr}")
            readers += [f"zoomops/{rel}:{node.lineno} imports {n}" for n in _absolute_imports(node)
                        if n.split(".")[0] in ("dotenv", "pydantic_settings")]
    assert readers == []


def _lazy_reason(lines: list[str], lineno: int) -> bool:
    """True when a `# Lazy: reason` comment sits right above the import or above the block of imports it is in."""
    i = lineno - 2
    while i >= 0 and lines[i].strip().startswith(("from ", "import ")):
        i -= 1
    return i >= 0 and lines[i].strip().startswith("# Lazy: ") and len(lines[i].strip()) > len("# Lazy: ")


def test_every_function_level_import_outside_cli_says_why_it_is_lazy() -> None:
    """No import inside a function to dodge a cycle; one made for start-up speed carries `# Lazy: reason`."""
    unexplained = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "cli":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                names = _absolute_imports(node)
                if any(n.split(".")[0] == "zoomops" for n in names) and not _lazy_reason(lines, node.lineno):
                    unexplained.append(f"zoomops/{rel}:{node.lineno} imports {', '.join(names)} inside {fn.name}")
    assert unexplained == []
