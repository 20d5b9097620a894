#!/usr/bin/env bash
# The national-run benchmark (docs/benchmarks.md, "National run (2022, Azurite)"): starts Azurite
# on free ports like scripts/test.sh, builds the benchmarks in Release and runs the 2022 yearly run
# several times, each on a new storage prefix, after a warm-up. Extra arguments go to the
# benchmark (e.g. --iterations 7). Exits non-zero if a measured run was not correct.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh

azurite_start
trap azurite_stop EXIT

dotnet build bench/Kommuntal.Benchmarks -c Release --nologo -v quiet
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Kommuntal.Benchmarks/bin/Release/net10.0/Kommuntal.Benchmarks.dll national-run "$@"
