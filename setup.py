"""Build step: copy the fact base maintainers edit (knowledge/facts.yaml) into the package as bot/data/facts.yaml.

Everything else is in pyproject.toml. The copy is made into the build directory only, so the repository keeps
one fact file; an installed wheel finds its copy when neither BOT_FACTS nor a checkout's knowledge/ is there.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

FACTS = Path("knowledge") / "facts.yaml"


class BuildWithFacts(build_py):  # type: ignore[misc]
    """build_py, plus the fact base as package data."""

    def run(self) -> None:
        super().run()
        if not FACTS.is_file():
            raise SystemExit(f"{FACTS} is missing: the package must ship a fact base")
        target = Path(self.build_lib) / "bot" / "data" / "facts.yaml"
        self.mkpath(str(target.parent))
        self.copy_file(str(FACTS), str(target))


setup(cmdclass={"build_py": BuildWithFacts})
