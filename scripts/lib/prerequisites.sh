# shellcheck shell=bash
# What the tests need beyond the .NET SDK and Node/npm, installed the same way on a developer's
# machine and in CI: Azurite (npm ci, from package-lock.json), Debian's Chromium for the browser
# tests (Playwright drives /usr/bin/chromium; it never downloads a browser of its own) and Debian's
# qpdf, which checks the structure of every rendered PDF (qpdf --check).
ensure_test_prerequisites() {
  ensure_node_modules
  ensure_chromium
  ensure_qpdf
}

# ensure_debian_package EXECUTABLE PACKAGE WHAT: installs PACKAGE with apt-get unless EXECUTABLE exists.
ensure_debian_package() {
  local executable=$1 package=$2 what=$3
  if [ -x "$executable" ]; then return 0; fi
  echo "Installing Debian's $package for $what (apt-get)..." >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >&2 \
    || { echo "Could not install $package with apt-get; $what need $executable." >&2; return 1; }
}

ensure_chromium() {
  ensure_debian_package /usr/bin/chromium chromium "the browser tests"
}

ensure_qpdf() {
  ensure_debian_package /usr/bin/qpdf qpdf "the PDF structure tests"
}
