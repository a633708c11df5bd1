#!/usr/bin/env python3
"""Times two builds of meshdiff and git on the same workloads, interleaved, and prints medians.

    Benchmarks/compare.py BEFORE AFTER [--runs-scale N] [--real-repo PATH]

BEFORE and AFTER are meshdiff binaries (say, the release build of the start of a round of work
and today's). Each round runs every command once, in turn, so that a shared machine's drift
(this one's 2 cores move by a tenth within minutes) falls on all of them alike; the median and
the quarter point of each are printed, and each build's ratio to git. Uses the repositories
`Benchmarks/run.sh` builds under bench-out/ (run `make bench` once first). Not a test.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench-out")


DEVNULL = os.open(os.devnull, os.O_WRONLY)
SPAWN_OUTPUT = [(os.POSIX_SPAWN_DUP2, DEVNULL, 1), (os.POSIX_SPAWN_DUP2, DEVNULL, 2)]


def timed(command):
    """Wall time of one run, in ms: posix_spawn and waitpid, the least a launcher can add (a
    `subprocess.run` added about half a millisecond, a third of `git --version`)."""
    path = command[0] if os.sep in command[0] else shutil.which(command[0])
    start = time.perf_counter()
    pid = os.posix_spawn(path, command, os.environ, file_actions=SPAWN_OUTPUT)
    os.waitpid(pid, 0)
    return (time.perf_counter() - start) * 1000


def interleaved(commands, runs):
    """Median and quarter point (ms) of each command, run in turn `runs` times after a warm-up."""
    for command in commands:
        timed(command)
    times = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            times[index].append(timed(command))
    return [(statistics.median(t), sorted(t)[len(t) // 4]) for t in times]


def row(name, before, after, meshdiff_args, git_args, runs):
    (b, _), (a, _), (g, _) = interleaved([[before] + meshdiff_args, [after] + meshdiff_args, ["git"] + git_args], runs)
    print(f"| {name} | {b:.1f} ms | {a:.1f} ms | {g:.1f} ms | {b / g:.1f}× → {a / g:.1f}× |", flush=True)


def pairs(name, before, after, repository, tags, path, runs):
    """The median ratio to git over consecutive pairs of `tags`."""
    ratios_before, ratios_after = [], []
    for old, new in zip(tags, tags[1:]):
        meshdiff_args = ["diff", old, new, "--repo", repository, "--format", "json"] + (["--path", path] if path else [])
        git_args = ["-C", repository, "diff", old, new] + (["--", path] if path else [])
        (b, _), (a, _), (g, _) = interleaved([[before] + meshdiff_args, [after] + meshdiff_args, ["git"] + git_args], runs)
        ratios_before.append(b / g)
        ratios_after.append(a / g)
    print(
        f"| {name}, median of {len(ratios_after)} pairs | | | | {statistics.median(ratios_before):.1f}× → "
        f"{statistics.median(ratios_after):.1f}× ({min(ratios_after):.1f}–{max(ratios_after):.1f}×) |",
        flush=True,
    )


def tags_of(repository, pattern=None, last=None):
    listed = subprocess.run(
        ["git", "-C", repository, "tag", "--sort=creatordate" if pattern is None else "--sort=v:refname"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    if pattern is not None:
        import re

        listed = [tag for tag in listed if re.fullmatch(pattern, tag)]
    return listed[-last:] if last else listed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs-scale", type=float, default=1.0, help="multiply every run count by this")
    parser.add_argument("--real-repo", help="a clone of argoproj/argo-cd: its install.yaml history and minor releases")
    options = parser.parse_args()
    before, after = os.path.abspath(options.before), os.path.abspath(options.after)
    real = os.path.abspath(options.real_repo) if options.real_repo else None
    os.chdir(OUT)
    for repository in ["components", "releases", "scale", "long"]:
        if not os.path.isdir(repository):
            sys.exit(f"bench-out/{repository} is missing: run `make bench` once first")
    runs = lambda n: max(3, int(n * options.runs_scale))
    print("| what | before | now | git | ratio to git, before → now |\n|---|---|---|---|---|")
    row("`--version`", before, after, ["--version"], ["--version"], runs(100))
    row("a no-op diff", before, after, ["diff", "edge-26.8.3", "edge-26.8.3", "--repo", "components", "--format", "json"],
        ["-C", "components", "diff", "edge-26.8.3", "edge-26.8.3"], runs(60))
    row("(a) corpus diff", before, after, ["diff", "stable-2.10.0", "edge-26.8.3", "--repo", "components", "--format", "json"],
        ["-C", "components", "diff", "stable-2.10.0", "edge-26.8.3"], runs(60))
    row("(b) scale diff", before, after, ["diff", "v1", "v29", "--repo", "scale", "--format", "json"],
        ["-C", "scale", "diff", "v1", "v29"], runs(15))
    pairs("(c) the corpus's release pairs", before, after, "releases", tags_of("releases"), None, runs(5))
    if real:
        pairs("(c) argo-cd's minor releases", before, after, real, tags_of(real, r"v[0-9]+\.[0-9]+\.0", last=13),
              "manifests/install.yaml", runs(5))
    row("changelog (b)", before, after, ["changelog", "--repo", "scale", "--format", "json"], ["-C", "scale", "log", "-p"], runs(6))
    row("changelog, long history", before, after, ["changelog", "--repo", "long", "--format", "json"],
        ["-C", "long", "log", "-p"], runs(6))
    row("changelog of the corpus's releases", before, after, ["changelog", "--repo", "releases", "--format", "json"],
        ["-C", "releases", "log", "-p"], runs(15))
    if real:
        row("changelog of argo-cd's install.yaml", before, after,
            ["changelog", "--repo", real, "--path", "manifests/install.yaml", "--format", "json"],
            ["-C", real, "log", "-p", "--", "manifests/install.yaml"], runs(4))


if __name__ == "__main__":
    main()
