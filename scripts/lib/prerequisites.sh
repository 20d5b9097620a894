# shellcheck shell=bash
# What the tests need beyond the .NET SDK and Node/npm, installed the same way on a developer's
# machine and in CI: Azurite (npm ci, from package-lock.json) and Debian's Chromium for the
# browser tests (Playwright drives /usr/bin/chromium; it never downloads a browser of its own).
ensure_test_prerequisites() {
  ensure_node_modules
  ensure_chromium
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  echo "Installing Debian's chromium for the browser tests (apt-get)..." >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2 \
    || { echo "Could not install chromium with apt-get; the browser tests need /usr/bin/chromium." >&2; return 1; }
}
