#!/usr/bin/env bash
# Runs the `kommuntal` command line against a local Azurite that this script starts (data kept in
# .azurite/ so a second run sees the first one's storage) and stops again when the command ends.
#   scripts/local.sh run --year 2022        # the yearly job on the bundled 2022 data
#   scripts/local.sh quota validate FILE    # any other kommuntal command
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh
azurite_start "$root/.azurite"
trap azurite_stop EXIT
echo "Building the kommuntal command line (Release)..." >&2
dotnet build src/Kommuntal.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
start=$(date +%s%N)
status=0
dotnet "src/Kommuntal.Cli/bin/Release/net10.0/kommuntal.dll" --storage "$AZURITE_CONNECTION_STRING" "$@" || status=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'kommuntal %s: exit code %d after %d.%03d s.\n' "$*" "$status" $((ms / 1000)) $((ms % 1000)) >&2
exit "$status"
