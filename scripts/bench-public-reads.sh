#!/usr/bin/env bash
# The public-reads benchmark (docs/benchmarks.md, "Public reads"): starts Azurite on free ports like
# scripts/test.sh, builds the benchmarks in Release, publishes the 2022 run and a revision, then
# counts the storage requests of every public route (cold, index in memory, answer in memory, 304)
# and the in-process rate of answers from memory. Extra arguments go to the benchmark
# (e.g. --iterations 100000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh

azurite_start
trap azurite_stop EXIT

dotnet build bench/Kommuntal.Benchmarks -c Release --nologo -v quiet
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Kommuntal.Benchmarks/bin/Release/net10.0/Kommuntal.Benchmarks.dll public-reads "$@"
