"""Mutation testing: plant small bugs in bot/ with mutmut and report the share the suite kills, per module.

    make mutation                              # the default modules below
    make mutation MODULES="gaplog matcher"     # others (module paths under bot/, dots for packages)
    python -m tests.mutation --report          # the table again, from the last run's mutants/ directory

mutmut copies the tree into mutants/ (git-ignored), collects which tests cover each function (one run of the
suite), then runs each mutant against the tests that cover it. A mutant is killed when a test fails; one that
no in-process test reaches ("no tests": only a subprocess runs that code) counts as surviving here. It does
not run in CI: a full run takes hours on this 2-core machine. `mutmut browse` or `mutmut show NAME` shows a
survivor's diff.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULES = ("gaplog", "ratelimit", "adapters.slack_blocks", "adapters.discord_embeds")
KILLED = {1, 3, 37}  # a failing test, pytest's internal error, the type checker
STATUS = {0: "survived", 33: "no tests", 34: "skipped", 36: "timeout", 24: "timeout", -24: "timeout",
          152: "timeout", 255: "timeout", None: "not checked"}


def report(modules: list[str]) -> str:
    lines = [f"{'module':<28} {'killed':>7} {'of':>5} {'score':>7}   survived / no tests / timeout / other"]
    for module in modules:
        meta = ROOT / "mutants" / "bot" / (module.replace(".", "/") + ".py.meta")
        if not meta.exists():
            lines.append(f"bot/{module.replace('.', '/')}.py: no results (not run)")
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter("killed" if code in KILLED else STATUS.get(code, "other") for code in codes.values())
        total = sum(v for k, v in counts.items() if k != "not checked")
        score = counts["killed"] / total if total else 0.0
        lines.append(f"bot/{module.replace('.', '/') + '.py':<24} {counts['killed']:>7} {total:>5} {score:>7.1%}"
                     f"   {counts['survived']} / {counts['no tests']} / {counts['timeout']} / "
                     f"{total - counts['killed'] - counts['survived'] - counts['no tests'] - counts['timeout']}"
                     + (f"  ({counts['not checked']} not checked)" if counts["not checked"] else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=list(DEFAULT_MODULES), help="modules under bot/")
    parser.add_argument("--report", action="store_true", help="only print the table of the last run")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once (default 2)")
    args = parser.parse_args(argv)
    if not args.report:
        names = [f"bot.{module}.*" for module in args.modules]
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children),
                              *names], cwd=ROOT, check=False)
        if run.returncode != 0:
            print(f"mutmut run exited {run.returncode}", file=sys.stderr)
    print(report(args.modules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
