# shellcheck shell=bash
# What the tests need beyond the .NET SDK and Node/npm, installed the same way on a developer's
# machine and in CI: Azurite (npm ci, from package-lock.json).
ensure_test_prerequisites() {
  ensure_node_modules
}
