"""Run the hostile corpus through `validate`, `timeline`, `plan` and `import` as real subprocesses, then fuzz.

Run: .venv/bin/python bench/bench_hostile.py [--fuzz N] [--limit-mb MB]
Each command runs in its own process under an address-space limit (RLIMIT_AS, default 1024 MB); the script
counts exit codes other than 0 and 2, tracebacks and timeouts, and reports the peak resident memory of any
one process (ru_maxrss) and the slowest case. `--fuzz N` then runs tests/hostile/test_fuzz.py with N
examples in a subprocess and reports its peak memory too.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.corpus import CASES  # noqa: E402
from tests.hostile.runner import write_files  # noqa: E402

COMMANDS = ("validate", "timeline", "plan", "import")


def limited(mb: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))

    return apply


def clean_env(extra: dict[str, str], state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM_", "ZOOMOPS_"))}
    return {**env, "ZOOMOPS_STATE_DIR": str(state), **extra}


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=0, help="fuzz examples to run afterwards (0: none)")
    parser.add_argument("--limit-mb", type=int, default=1024, help="address-space limit per process")
    args = parser.parse_args()
    codes: collections.Counter[str] = collections.Counter()
    bad: list[str] = []
    slowest = (0.0, "")
    t0 = time.perf_counter()
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            write_files(root, case.files)
            target = case.args[1]
            for command in COMMANDS:
                argv = (command, target, "-o", "imported.yaml") if command == "import" else (command, target)
                start = time.perf_counter()
                try:
                    proc = subprocess.run([sys.executable, "-m", "zoomops", *argv], cwd=root, capture_output=True,
                                          text=True, timeout=60, env=clean_env(case.env, root / "state"),
                                          preexec_fn=limited(args.limit_mb), check=False)
                except subprocess.TimeoutExpired:
                    bad.append(f"{case.name} {command}: timeout")
                    continue
                took = time.perf_counter() - start
                slowest = max(slowest, (took, f"{case.name} {command}"))
                codes[f"{command} exit {proc.returncode}"] += 1
                if proc.returncode not in (0, 2) or "Traceback" in proc.stdout + proc.stderr:
                    bad.append(f"{case.name} {command}: exit {proc.returncode}: {proc.stderr[-300:]}")
    print(f"corpus: {len(CASES)} cases x {len(COMMANDS)} commands in {time.perf_counter() - t0:.0f} s, "
          f"address space limited to {args.limit_mb} MB per process")
    for key in sorted(codes):
        print(f"  {key}: {codes[key]}")
    print(f"  tracebacks, timeouts or other exit codes: {len(bad)}")
    for line in bad:
        print(f"    {line}")
    print(f"  peak resident memory of one process: {child_peak_mb():.0f} MB; slowest: {slowest[1]} {slowest[0]:.2f} s")
    if args.fuzz:
        env = {**os.environ, "ZOOMOPS_FUZZ_EXAMPLES": str(args.fuzz)}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                               "tests/hostile/test_fuzz.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False)
        print(f"fuzz: {args.fuzz} examples in {time.perf_counter() - start:.0f} s: "
              f"{'passed' if proc.returncode == 0 else 'FAILED'}; peak resident memory of the pytest process "
              f"(and every process before it): {child_peak_mb():.0f} MB")
        if proc.returncode:
            print(proc.stdout[-3000:])
            bad.append("fuzz")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
