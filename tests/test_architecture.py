"""Imports flow one way: adapters -> answers -> matcher/knowledge -> models. The core names no platform."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PLATFORM_LIBRARIES = {"discord", "slack_bolt", "slack_sdk", "aiohttp"}


def imported_modules(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_a_platform_library_or_an_adapter() -> None:
    for path in sorted((ROOT / "bot").glob("*.py")):
        relative = str(path.relative_to(ROOT))
        modules = imported_modules(relative)
        roots = {m.split(".")[0] for m in modules}
        assert not roots & PLATFORM_LIBRARIES, relative
        if path.name != "__main__.py":
            assert not any(m.startswith("bot.adapters") for m in modules), relative


def test_every_module_says_what_it_is_for() -> None:
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path} has no module docstring"


def test_public_surface_is_sorted_and_exists() -> None:
    import bot

    assert bot.__all__ == sorted(bot.__all__)
    for name in bot.__all__:
        assert hasattr(bot, name)
