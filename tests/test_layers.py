"""ARCHITECTURE.md layers: bargaining imports its own layer or below, never `contracts` (the
agreement texts read an agreed negotiation from the contracts side, not the other way round)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "bargaining"
ABOVE = {"contracts"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            found |= {arg.value.split(".")[0] for arg in node.args if isinstance(arg, ast.Constant)}
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_no_bargaining_module_imports_a_package_above_it(path):
    assert not imported_packages(path) & ABOVE


def test_the_check_sees_an_import_of_contracts(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("from contracts.models import Agreement\nimport contracts.services\n")
    assert imported_packages(module) == {"contracts"}


def test_every_module_is_checked():
    assert {p.name for p in MODULES} >= {"models.py", "views.py", "presenters.py", "__init__.py"}
    assert any(p.parent.name == "services" for p in MODULES)
