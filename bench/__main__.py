"""`python -m bench [--quick]`: run every benchmark module in this package that has a main(argv)."""
import importlib
import pkgutil
import sys
from pathlib import Path


def run(argv):
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        bench = importlib.import_module(f"bench.{module}")
        if hasattr(bench, "main"):
            print(f"\n### bench.{module}\n")
            bench.main(argv)


if __name__ == "__main__":
    run(sys.argv[1:])
