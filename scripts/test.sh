#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need (Azurite from package-lock.json), starts
# Azurite on free ports, runs every test project, stops Azurite, and prints "N passed, M failed".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Pdf").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh
# shellcheck source=lib/prerequisites.sh
source scripts/lib/prerequisites.sh
ensure_test_prerequisites

azurite_start
trap azurite_stop EXIT
export KOMMUNTAL_TEST_STORAGE="$AZURITE_CONNECTION_STRING"

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet test Kommuntal.Functions.sln -c Release --nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  executed=$(get executed)
  skipped=$((skipped + $(get total) - executed))
done
if [ "$skipped" -gt 0 ]; then echo "$skipped tests were not executed (skipped or aborted)."; fi
if [ "$total" -eq 0 ]; then echo "No test results were produced."; status=1; fi
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test failed without a failed test (a project that did not build, or a test host that stopped): see above."
fi
if [ "$failed" -gt 0 ] || [ "$skipped" -gt 0 ]; then status=1; fi
exit "$status"
