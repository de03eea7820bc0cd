"""`python -m bench [--quick]`: run every benchmark module in this package that has a main(argv)."""
import importlib
import pkgutil
import sys
from pathlib import Path


def run(argv):
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        bench = importlib.import_module(f"bench.{module}")
        if getattr(bench, "NEEDS_SEEDED_DATABASE", False):  # minutes of seeding first: run by hand (RESULTS.md)
            print(f"\n### bench.{module}: skipped (python -m bench.{module} --database URL)")
        elif hasattr(bench, "main"):
            print(f"\n### bench.{module}\n")
            bench.main(argv)


if __name__ == "__main__":
    run(sys.argv[1:])
