"""ARCHITECTURE.md layers: every package and top-level module imports only from its own layer or
below (`standards` never imports `contracts`, a shared package such as `charts` imports no
domain package), and every one of them has a layer, so a new package must be placed to pass."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Lowest first, as ARCHITECTURE.md draws them. Infrastructure that several packages use sits
# below every domain package; the modules that wire the app together sit on top.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer)
    for layer in (
        {"config", "db", "errors", "pagination", "single_line"},
        {
            "webforms",
            "security",
            "concurrency",
            "form_tokens",
            "audit",
            "workflow",
            "charts",
            "spreadsheets",
            "uploads",
        },
        {"accounts", "organizations", "reminders"},
        {"congress"},
        {"governance", "standards"},
        {"bargaining"},
        {"contracts"},
        {"filings"},
        {"templating", "models_registry", "demo", "cli", "app"},
    )
)
LAYER_OF = {name: number for number, layer in enumerate(LAYERS) for name in layer}
NOT_APP_CODE = {"tests", "bench", "migrations"}


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports, wherever the import is (a function body, an
    `if TYPE_CHECKING:` block) and however (`import`, `from … import`, `__import__`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "__import__",
            "import_module",
        }:
            found |= {
                arg.value.split(".")[0]
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return found


def app_packages(root: Path) -> dict[str, list[Path]]:
    """The app's packages and top-level modules under `root`, each with its Python files."""
    found: dict[str, list[Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in NOT_APP_CODE:
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            found[entry.name] = sorted(entry.rglob("*.py"))
        elif entry.suffix == ".py" and entry.stem.isidentifier():
            found[entry.stem] = [entry]
    return found


def violations(root: Path) -> list[str]:
    """Each import of a package from a higher layer, as 'module imports package'."""
    packages = app_packages(root)
    wrong: list[str] = []
    for name, files in packages.items():
        for path in files:
            for imported in sorted(imported_packages(path) & packages.keys()):
                # A package without a layer fails test_every_package_has_a_layer instead.
                if LAYER_OF.get(imported, -1) > LAYER_OF.get(name, len(LAYERS)):
                    wrong.append(f"{path.relative_to(root)} imports {imported}")
    return wrong


PACKAGES = app_packages(REPO)


def test_every_package_has_a_layer():
    assert sorted(PACKAGES.keys() - LAYER_OF.keys()) == []


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_a_package_imports_only_its_own_layer_or_below(name):
    assert [v for v in violations(REPO) if v.split("/")[0].removesuffix(".py") == name] == []


def views_of_other_packages(root: Path) -> list[str]:
    """Each import of another package's views (views.py, *_views.py): a package's pages are its
    own; only app.py registers the blueprints."""
    packages = app_packages(root)
    wrong: list[str] = []
    for name, files in packages.items():
        if name == "app":
            continue
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules = (
                    [node.module]
                    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for module in modules:
                    package, _, rest = module.partition(".")
                    last = rest.rpartition(".")[2]
                    if package != name and (last == "views" or last.endswith("_views")):
                        wrong.append(f"{path.relative_to(root)} imports {module}")
    return wrong


def test_no_package_imports_the_views_of_another():
    assert views_of_other_packages(REPO) == []


def test_the_check_sees_an_import_of_another_packages_views(tmp_path):
    for package in ("standards", "bargaining"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "standards" / "views.py").write_text("")
    (tmp_path / "bargaining" / "exports.py").write_text("from standards.views import chart_cache\n")
    assert views_of_other_packages(tmp_path) == ["bargaining/exports.py imports standards.views"]


def test_the_check_sees_an_import_of_a_higher_package(tmp_path):
    for package, module in (("standards", "rules"), ("contracts", "models"), ("charts", "cache")):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / f"{module}.py").write_text("")
    (tmp_path / "standards" / "late.py").write_text(
        "def f():\n    from contracts.models import Agreement\n"
    )
    (tmp_path / "charts" / "cache.py").write_text("import standards.rules\n")
    assert violations(tmp_path) == [
        "charts/cache.py imports standards",
        "standards/late.py imports contracts",
    ]


def test_the_check_reads_every_kind_of_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from contracts.models import Agreement\n"
        "import bargaining.services\n__import__('filings')\n"
    )
    assert imported_packages(module) >= {"contracts", "bargaining", "filings"}


def test_every_module_of_a_package_is_checked():
    assert {p.name for p in PACKAGES["bargaining"]} >= {"models.py", "views.py", "__init__.py"}
    assert any(p.parent.name == "services" for p in PACKAGES["bargaining"])
    assert {"standards", "charts", "spreadsheets", "db", "app"} <= PACKAGES.keys()
