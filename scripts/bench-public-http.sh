#!/usr/bin/env bash
# Public traffic through the local server, side by side with plain Kestrel (docs/benchmarks.md,
# "Public reads over HTTP"). Runs `scripts/local.sh run --year 2022` into an Azurite data directory
# of its own, serves the app on it (tools/Kommuntal.Tools.Serve, the storage behind a counting
# proxy), records the answers of GET /api/public/decisions?year=2022 and of Örebro län's decision
# PDF (its versioned URL), starts plain Kestrel answering those same bytes and headers from memory
# (bench/Kommuntal.Bench.PlainKestrel), then loads each URL on each server with autocannon (pinned in
# package.json): a 3 s warm-up, then DURATION s at CONNECTIONS connections. Prints one row per run:
# req/s, p50 and p99 latency, the served app's ratio to plain Kestrel, and storage requests per request.
# --what picks the URLs: list (the decisions of 2022), pdf (Örebro län's decision), start (the public
# site's start page /api/public), kommun (Örebro's municipality page); default "list pdf".
#   scripts/bench-public-http.sh [--duration S] [--connections N] [--rounds N] [--what "start kommun"]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh

duration=10; connections=20; rounds=1; what_list="list pdf"
while [ $# -gt 0 ]; do
  case "$1" in
    --what) what_list=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

ensure_node_modules
work=$(mktemp -d -t kommuntal-bench-http.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  azurite_stop
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building (Release)..." >&2
dotnet build tools/Kommuntal.Tools.Serve -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build bench/Kommuntal.Bench.PlainKestrel -c Release --nologo -v quiet -clp:ErrorsOnly >&2

echo "The 2022 run (scripts/local.sh run --year 2022)..." >&2
KOMMUNTAL_AZURITE_DIR="$work/azurite" scripts/local.sh run --year 2022 --out "$work/out" >"$work/run.log" 2>&1 \
  || { cat "$work/run.log" >&2; exit 1; }

azurite_start "$work/azurite"
blob=$(echo "$AZURITE_CONNECTION_STRING" | sed -E 's|.*BlobEndpoint=http://127.0.0.1:([0-9]+)/.*|\1|')
table=$(echo "$AZURITE_CONNECTION_STRING" | sed -E 's|.*TableEndpoint=http://127.0.0.1:([0-9]+)/.*|\1|')
proxy_blob=$(_free_port); proxy_table=$(_free_port)
node bench/public-http/storage-proxy.mjs "blob:$proxy_blob:$blob" "table:$proxy_table:$table" >"$work/proxy.log" 2>&1 &
pids+=($!)
proxied=$(echo "$AZURITE_CONNECTION_STRING" | sed -E "s|BlobEndpoint=http://127.0.0.1:$blob/|BlobEndpoint=http://127.0.0.1:$proxy_blob/|; s|TableEndpoint=http://127.0.0.1:$table/|TableEndpoint=http://127.0.0.1:$proxy_table/|")

wait_for() { # wait_for LOG: until it has "Listening on"
  local i
  for i in $(seq 1 600); do grep -q "Listening on" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "no 'Listening on' in $1:" >&2; cat "$1" >&2; return 1
}
until _port_in_use "$proxy_table" && _port_in_use "$proxy_blob"; do sleep 0.1; done

served_port=$(_free_port)
Storage__ConnectionString="$proxied" AzureWebJobsStorage="$proxied" KOMMUNTAL_FUNCTION_KEY=bench KOMMUNTAL_MASTER_KEY=bench-master \
  dotnet tools/Kommuntal.Tools.Serve/bin/Release/net10.0/kommuntal-serve.dll --port "$served_port" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "$work/serve.log"
served="http://127.0.0.1:$served_port"

list_path="/api/public/decisions?year=2022"
pdf_path=$(curl -s -o /dev/null -w '%{redirect_url}' "$served/api/public/decisions/2022/18/current" | sed -E 's|^https?://[^/]+||')
[ -n "$pdf_path" ] || { echo "no current decision for 2022-18" >&2; exit 1; }
count() { curl -s "http://127.0.0.1:$proxy_table/__count" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))'; }
declare -A paths=([list]="$list_path" [pdf]="$pdf_path" [start]="/api/public" [kommun]="/api/public/kommuner/1880-orebro")
plain_args=(); cold=""
# The first request of each URL after the server started (nothing of it in memory yet; the /current
# redirect above has loaded index/2022.json): its storage requests.
for what in start kommun list pdf; do
  before=$(count)
  curl -s -D "$work/$what.h" -o "$work/$what.b" "$served${paths[$what]}"
  cold="$cold $what=$(( $(count) - before ))"
  plain_args+=("${paths[$what]}" "$work/$what.h" "$work/$what.b")
done
plain_port=$(_free_port)
dotnet bench/Kommuntal.Bench.PlainKestrel/bin/Release/net10.0/plain-kestrel.dll "$plain_port" "${plain_args[@]}" >"$work/plain.log" 2>&1 &
pids+=($!)
wait_for "$work/plain.log"
plain="http://127.0.0.1:$plain_port"
for what in $what_list; do
  curl -s -o "$work/check.b" "$plain${paths[$what]}"
  cmp -s "$work/check.b" "$work/$what.b" || { echo "plain Kestrel does not answer the same bytes for ${paths[$what]}" >&2; exit 1; }
done

cannon=node_modules/.bin/autocannon

echo "Storage requests of the first request of each URL after start:$cold"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%FT%TZ)"
for what in $what_list; do echo "$what ${paths[$what]}: $(stat -c %s "$work/$what.b") bytes ($(grep -i '^content-type' "$work/$what.h" | tr -d '\r'))"; done
printf '| round | what | server | req/s | p50 ms | p99 ms | errors | non-2xx | ratio to plain | storage requests per request |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
for round in $(seq 1 "$rounds"); do
  for what in $what_list; do
    path=${paths[$what]}
    plain_rps=""
    for server in plain served; do
      base=$plain; [ "$server" = served ] && base=$served
      "$cannon" -c "$connections" -d 3 "$base$path" >/dev/null 2>&1   # warm-up
      before=$(count)
      "$cannon" -c "$connections" -d "$duration" -j "$base$path" 2>/dev/null >"$work/run.json"
      after=$(count)
      row=$(node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const [round, what, server, plainRps, storage] = process.argv.slice(2);
        const rps = r.requests.average, total = r.requests.total;
        const ratio = server === "served" && plainRps ? (100 * rps / Number(plainRps)).toFixed(0) + " %" : "";
        const perRequest = server === "served" ? (Number(storage) / Math.max(total, 1)).toFixed(4) + ` (${storage} in ${total})` : "";
        console.log(`${rps}\t| ${round} | ${what} | ${server} | ${Math.round(rps)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts} | ${r.non2xx} | ${ratio} | ${perRequest} |`);
      ' "$work/run.json" "$round" "$what" "$server" "$plain_rps" "$((after - before))")
      [ "$server" = plain ] && plain_rps=${row%%$'\t'*}
      echo "${row#*$'\t'}"
    done
  done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Storage requests of the whole run by route: $(curl -s "http://127.0.0.1:$proxy_table/__count")"
