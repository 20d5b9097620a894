# shellcheck shell=bash
# Start and stop Azurite (the local Azure Storage emulator, pinned in package.json) for the
# scripts that need storage. Source this file, then:
#   azurite_start [DIR]   # DIR persists data between runs; without it, data lives in memory
#   azurite_stop          # stops the process this script started (by process id)
# azurite_start exports AZURITE_CONNECTION_STRING for the ports it took: 10000-10002 when they are
# free, otherwise free ports the kernel hands out.

_kommuntal_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

ensure_node_modules() {
  local root; root=$(_kommuntal_root)
  if [ ! -x "$root/node_modules/.bin/azurite" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "Installing Azurite (npm ci)..." >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "npm ci failed" >&2; return 1; }
  fi
}

azurite_start() {
  local root dir blob queue table
  root=$(_kommuntal_root)
  dir=${1:-}
  ensure_node_modules || return 1
  blob=10000; queue=10001; table=10002
  if _port_in_use $blob || _port_in_use $queue || _port_in_use $table; then
    blob=$(_free_port); queue=$(_free_port); table=$(_free_port)
  fi
  AZURITE_LOG=$(mktemp -t azurite.XXXXXX.log)
  local persistence=(--inMemoryPersistence)
  if [ -n "$dir" ]; then mkdir -p "$dir"; persistence=(--location "$dir"); fi
  # setsid: Azurite leads a process group of its own, so a Ctrl-C at the terminal (SIGINT to the whole
  # foreground group) does not stop it before the server that still writes to it has stopped;
  # azurite_stop stops it, by its pid, after everything else.
  setsid "$root/node_modules/.bin/azurite" "${persistence[@]}" --skipApiVersionCheck --loose --silent --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  local i
  for i in $(seq 1 600); do
    if _port_in_use "$blob" && _port_in_use "$table"; then break; fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then echo "Azurite did not start:" >&2; cat "$AZURITE_LOG" >&2; return 1; fi
    sleep 0.1
  done
  if ! _port_in_use "$table"; then echo "Azurite did not open its ports in 60 s" >&2; azurite_stop; return 1; fi
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  export AZURITE_CONNECTION_STRING AZURITE_PID
  echo "Azurite running (pid $AZURITE_PID; blob $blob, table $table)." >&2
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    # Its status is of no interest (TERM, or a Ctrl-C it caught first); under set -e it must not end the caller.
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=
}
