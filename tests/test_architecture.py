"""The generator's shape is checked, not only described: import contracts, one package per stage
with its rules in its docstring, and no module or function too long to read without a reason."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

GENERATOR = ROOT / "generator"
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 100
# a module or function allowed past the limit says why, in its docstring, after these words
REASON = "Why it is long:"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layers() -> list[str]:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    names = layers["layers"]
    assert isinstance(names, list)
    return [name.strip() for layer in names for name in re.split(r"[|:]", layer)]


def _packages() -> list[Path]:
    return sorted(p.parent for p in GENERATOR.glob("*/__init__.py"))


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_package_and_top_module_has_its_place_in_the_layers() -> None:
    in_tree = {p.name for p in _packages()} | {
        p.stem for p in GENERATOR.glob("*.py") if p.name != "__init__.py"
    }
    assert sorted(_layers()) == sorted(in_tree)


def test_every_stage_package_says_what_it_owns_may_import_and_never_does() -> None:
    for package in _packages():
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        for part in ("Owns:", "May import:", "Never does:"):
            assert part in docstring, f"generator/{package.name}/__init__.py: no '{part}'"
        # imports stay explicit (`from generator.rendering.render import Renderer`): no re-exports
        assert len(tree.body) == 1, (
            f"generator/{package.name}/__init__.py holds more than a docstring"
        )
        for module in package.glob("*.py"):
            if module.name != "__init__.py":
                assert module.stem in docstring, f"{package.name}/__init__.py omits {module.stem}"


def test_the_readme_architecture_names_every_layer_and_contract() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    diagram = section.split("```")[1]
    shown = [f"{n}.py" if (GENERATOR / f"{n}.py").is_file() else f"{n}/" for n in _layers()]
    for name in shown:
        assert f" {name} " in diagram, f"README's layer diagram omits {name}"
    # top to bottom in the order of the layers contract
    positions = [diagram.index(f" {name} ") for name in shown]
    assert positions == sorted(positions)
    for contract in _contracts():
        assert str(contract["name"]) in section, f"README omits the contract {contract['id']}"


def _over_limit() -> list[str]:
    long = []
    for path in sorted(GENERATOR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        name = path.relative_to(ROOT).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES and REASON not in (ast.get_docstring(tree) or ""):
            long.append(f"{name}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and REASON not in (ast.get_docstring(node) or ""):
                    long.append(f"{name}: {node.name}() {length} lines")
    return long


def test_no_module_or_function_is_over_the_limit_without_a_reason() -> None:
    assert _over_limit() == []
