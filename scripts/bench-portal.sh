#!/usr/bin/env bash
# The coordinators' portal with national 2022 data (docs/benchmarks.md, "Portal"). Runs
# `scripts/local.sh run --year 2022` (all 21 counties computed, decided and published) into an
# Azurite data directory of its own, serves the app on it (tools/Kommuntal.Tools.Serve, --as
# Coordinator.All), then asks every portal page ROUNDS times, one request at a time, after 3
# warm-ups: the median and p90 of the time to the last byte on the loopback (an upper bound of the
# server time), the HTML's size, and the page weight (HTML + the stylesheets and scripts it links;
# the PDF preview is listed, but not counted as page weight). The what-if round trip is the POST of
# the what-if form (weights and method changed; nothing stored).
#   scripts/bench-portal.sh [--rounds N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/azurite.sh
source scripts/lib/azurite.sh

rounds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d -t kommuntal-bench-portal.XXXXXX)
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
echo "The 2022 run (scripts/local.sh run --year 2022)..." >&2
KOMMUNTAL_AZURITE_DIR="$work/azurite" scripts/local.sh run --year 2022 --out "$work/out" >"$work/run.log" 2>&1 \
  || { cat "$work/run.log" >&2; exit 1; }

azurite_start "$work/azurite"
port=$(_free_port)
Storage__ConnectionString="$AZURITE_CONNECTION_STRING" AzureWebJobsStorage="$AZURITE_CONNECTION_STRING" \
  dotnet tools/Kommuntal.Tools.Serve/bin/Release/net10.0/kommuntal-serve.dll --port "$port" --as Coordinator.All >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q "Listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
grep -q "Listening on" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
portal=$(sed -n 's/^Portal: //p' "$work/serve.log")
county="$base/api/portal/2022/lan/18"

# The what-if form as the page offers it, with other weights and method.
curl -s "$county/tankt-forslag" -o "$work/whatif.html"
token=$(grep -o 'name="__token" value="[^"]*"' "$work/whatif.html" | head -1 | sed 's/.*value="//;s/"$//')
post_whatif() {
  curl -s -o "$1" -w '%{http_code} %{time_total}\n' -H "Origin: $base" -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "__token=$token" --data-urlencode "vikt-arbete=0,5" --data-urlencode "vikt-befolkning=0,3" \
    --data-urlencode "vikt-mottagande=0,2" --data-urlencode "metod=sainte-lague" \
    --data-urlencode "w1-kommun=1880" --data-urlencode "w1-typ=agreement" --data-urlencode "w1-antal=80" --data-urlencode "w1-skal=Prövning" \
    "$county/tankt-forslag"
}
get_page() { curl -s -o "$1" -w '%{http_code} %{time_total}\n' "$2"; }

# Median and p90 (ms) of the second column of a file of "status seconds" lines; a status other than 200 is reported on stderr.
stats() {
  awk '$1 != 200 { print "unexpected status " $1 > "/dev/stderr" }' "$1"
  awk '{ print $2 * 1000 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f | %.1f", a[int((NR + 1) / 2)], a[int(NR * 0.9 + 0.5)] }'
}
# Bytes of the page's own stylesheets and scripts (each linked once).
assets() {
  grep -oE '(href|src)="/api/assets/[^"]+"' "$1" | sed -E 's/^(href|src)="//; s/"$//' | sort -u | while read -r a; do
    curl -s -o /dev/null -w '%{size_download}\n' "$base$a"
  done | awk '{ s += $1 } END { print s + 0 }'
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%FT%TZ); $rounds requests per page after 3 warm-ups"
printf '| page | URL | median ms | p90 ms | HTML bytes | page weight bytes |\n|---|---|---:|---:|---:|---:|\n'
pages=(
  "Översikt|$portal?ar=2022"
  "Ladda upp filer|$base/api/portal/2022/uppladdning"
  "Län (förslag, önskemål)|$county"
  "Pröva andra val (formulär)|$county/tankt-forslag"
  "Samråd|$county/samrad"
  "Beslut|$county/beslut"
  "Publicering|$county/publicering"
  "Utskick|$county/utskick"
  "Händelselogg|$county/handelser"
)
for entry in "${pages[@]}"; do
  name=${entry%%|*}; url=${entry#*|}
  : >"$work/times"
  for _ in 1 2 3; do get_page "$work/page.html" "$url" >/dev/null; done
  for _ in $(seq 1 "$rounds"); do get_page "$work/page.html" "$url" >>"$work/times"; done
  html=$(stat -c %s "$work/page.html")
  printf '| %s | %s | %s | %s | %s |\n' "$name" "${url#"$base"}" "$(stats "$work/times")" "$html" "$((html + $(assets "$work/page.html")))"
done
: >"$work/times"
for _ in 1 2 3; do post_whatif "$work/page.html" >/dev/null; done
for _ in $(seq 1 "$rounds"); do post_whatif "$work/page.html" >>"$work/times"; done
html=$(stat -c %s "$work/page.html")
printf '| %s | %s | %s | %s | %s |\n' "Pröva andra val (POST, resultat)" "POST ${county#"$base"}/tankt-forslag" "$(stats "$work/times")" "$html" "$((html + $(assets "$work/page.html")))"
: >"$work/times"
for _ in $(seq 1 5); do get_page "$work/page.pdf" "$county/pdf/beslut-1.pdf" >>"$work/times"; done
printf '| %s | %s | %s | %s | (PDF, not page weight) |\n' "PDF-förhandsvisning (5 gånger)" "${county#"$base"}/pdf/beslut-1.pdf" "$(rounds=5 stats "$work/times")" "$(stat -c %s "$work/page.pdf")"
