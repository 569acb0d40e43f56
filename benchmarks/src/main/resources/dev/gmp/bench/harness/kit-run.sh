#!/bin/sh
# gmp bench kit: gmp beside the JDK default scheduler and Go, on a Linux x86-64 box with no JDK and
# no Go installed (the kit brings a JDK 25 runtime and static Go programs).
#   ./run.sh                 every workload at P = 16 and P = 4, 5 rounds (long: budget an hour)
#   ./run.sh --quick         small sizes, 1 round, no Go: a smoke test of the kit on this box
#   ./run.sh --procs 64,8    other P counts; every harness option works (./run.sh --help)
# Prints the table and writes many-core.md beside this script: put that file in the repository's
# benchmarks/ and the next ./gmp bench adds it to RESULTS.md's many-core section.
set -eu
case "$0" in
  */*) kit=${0%/*} ;;
  *) kit=. ;;
esac
kit=$(cd "$kit" && pwd)
go=""
quick=no
for arg in "$@"; do
  [ "$arg" = --quick ] && quick=yes
done
# Go's programs measure the full sizes only; a quick run leaves Go out.
if [ "$quick" = no ] && [ -f "$kit/go/VERSION" ]; then
  go="--go $kit/go"
fi
cd "$kit"
# shellcheck disable=SC2086 # $go is two words or none
# The table has ≤ and ×: UTF-8 out, whatever locale (none, under env -i) the shell has.
exec "$kit/jdk/bin/java" -Dstdout.encoding=UTF-8 -D@AGENT_PROPERTY@="$kit/lib/gmp-agent.jar" -D@COMMIT_PROPERTY@="@COMMIT@" \
  -jar "$kit/lib/gmp-benchmarks.jar" --procs 16,4 $go --results "$kit/many-core.md" "$@"
