#!/usr/bin/env bash
# The adversarial-corpus benchmark (docs/benchmarks.md, "Adversarial input files"): starts Azurite
# on free ports like scripts/test.sh, builds the benchmarks in Release and sends every corpus file
# through the HTTP function, the blob inbox and the command line, several times after a warm-up.
# Extra arguments go to the benchmark (e.g. --iterations 7). Exits non-zero when a file was not
# refused with its problem, or a run took more than 1 s or allocated more than 100 MB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh

azurite_start
trap azurite_stop EXIT
export KOMMUNTAL_TEST_STORAGE="$AZURITE_CONNECTION_STRING"

dotnet build bench/Kommuntal.Benchmarks -c Release --nologo -v quiet
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Kommuntal.Benchmarks/bin/Release/net10.0/Kommuntal.Benchmarks.dll adversarial "$@"
