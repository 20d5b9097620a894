#!/usr/bin/env bash
# Runs the `kommuntal` command line, or serves the Functions app over HTTP, against a local Azurite
# that this script starts (data kept in .azurite/ so a second run sees the first one's storage) and
# stops again when the command ends.
#   scripts/local.sh run --year 2022        # the yearly job on the bundled 2022 data
#   scripts/local.sh quota validate FILE    # any other kommuntal command
#   scripts/local.sh serve [--port PORT] [--as ROLE[,ROLE]] [--timers]
#                                           # every function over HTTP on 127.0.0.1 (default port 7071)
#                                           # until Ctrl-C or SIGTERM (tools/Kommuntal.Tools.Serve)
# KOMMUNTAL_AZURITE_DIR sets another data directory than .azurite/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh
azurite_start "${KOMMUNTAL_AZURITE_DIR:-$root/.azurite}"
trap azurite_stop EXIT

if [ "${1:-}" = serve ]; then
  shift
  # KOMMUNTAL_SERVE_NO_BUILD=1 skips the build (the tests run this script right after building it).
  if [ "${KOMMUNTAL_SERVE_NO_BUILD:-}" != 1 ]; then
    echo "Building the local server (Release)..." >&2
    dotnet build tools/Kommuntal.Tools.Serve -c Release --nologo -v quiet -clp:ErrorsOnly >&2
  fi
  # The app's settings: src/Kommuntal.Functions/local.settings.json (else its .example), then these.
  Storage__ConnectionString="$AZURITE_CONNECTION_STRING" AzureWebJobsStorage="$AZURITE_CONNECTION_STRING" \
    dotnet tools/Kommuntal.Tools.Serve/bin/Release/net10.0/kommuntal-serve.dll "$@" &
  serve_pid=$!
  # Ctrl-C or SIGTERM: stop the server gracefully and wait for it; the EXIT trap then stops Azurite.
  trap 'kill -TERM "$serve_pid" 2>/dev/null || true' INT TERM
  status=0
  wait "$serve_pid" || status=$?
  while kill -0 "$serve_pid" 2>/dev/null; do
    status=0
    wait "$serve_pid" || status=$?
  done
  exit "$status"
fi

echo "Building the kommuntal command line (Release)..." >&2
dotnet build src/Kommuntal.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
start=$(date +%s%N)
status=0
dotnet "src/Kommuntal.Cli/bin/Release/net10.0/kommuntal.dll" --storage "$AZURITE_CONNECTION_STRING" "$@" || status=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'kommuntal %s: exit code %d after %d.%03d s.\n' "$*" "$status" $((ms / 1000)) $((ms % 1000)) >&2
exit "$status"
