#!/usr/bin/env bash
# The whole test suite: system packages the tests drive, a build, then every test file.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c 'import slixmpp' >/dev/null 2>&1 || missing+=(python3-slixmpp)
[ -x /usr/bin/chromium ] || missing+=(chromium)   # the desktop's browser tests (never a downloaded browser)
# The store tests start their own throwaway PostgreSQL cluster from Debian's binaries (test/support/postgres.ts).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The cluster tests start throwaway NATS servers with JetStream from Debian's package (test/support/nats.ts).
[ -x /usr/sbin/nats-server ] || missing+=(nats-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages the tests need: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages; install them first (as root):" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Habits that keep the code in shape: formatting and lint (Biome), and the layer rules of
# ARCHITECTURE.md with no import cycles (dependency-cruiser, .dependency-cruiser.cjs). Either fails the run.
npm run lint --silent
npm run build --silent
# Tests and benchmarks are TypeScript too: type-check them (tsx, which runs them, does not).
npx tsc -p test/tsconfig.json
mapfile -t files < <(find test -name '*.test.ts' | sort)
# OPENFINESSE_TEST_SKIP="test/cluster test/desktop" leaves directories out (the Node 24 pass, for time).
for skip in ${OPENFINESSE_TEST_SKIP:-}; do
  mapfile -t files < <(printf '%s\n' "${files[@]}" | grep -v "^${skip%/}/")
done

# The suite runs once per store in OPENFINESSE_TEST_STORES (default both). On PostgreSQL it runs every
# file that starts a server, each server on a database of its own in one throwaway cluster; the pure unit
# tests do not touch a store, test/store already runs its contract on both databases, and test/cluster
# starts its nodes on PostgreSQL in the first pass already (a cluster needs it).
stores=${OPENFINESSE_TEST_STORES:-sqlite postgres}
# Two test files at a time (OPENFINESSE_TEST_CONCURRENCY=N for N): every server has its own port, data
# directory and database. The cluster tests run one file at a time after the rest: each starts several
# nodes and waits on their timers (leases, grace periods), which a loaded machine would stretch.
concurrency=--test-concurrency=${OPENFINESSE_TEST_CONCURRENCY:-2}
# TAP on stdout as it runs; a spec report beside it whose "failing tests" list is printed again at the end
# of a failed pass, so the cause is in the last lines of a long log.
failures=$(mktemp)
trap 'rm -f "$failures"' EXIT
reporters=(--test-reporter=tap --test-reporter-destination=stdout --test-reporter=spec --test-reporter-destination="$failures")
run_tests() {
  if "$@"; then return 0; fi
  echo "# Failing tests of this pass:"
  sed -n '/failing tests:/,$p' "$failures"
  return 1
}
mapfile -t cluster_files < <(printf '%s\n' "${files[@]}" | grep '^test/cluster/' || true)
mapfile -t other_files < <(printf '%s\n' "${files[@]}" | grep -v '^test/cluster/' || true)
for store in $stores; do
  case $store in
    sqlite)
      echo "# The suite on SQLite (${#other_files[@]} files, then ${#cluster_files[@]} cluster files)"
      if [ ${#other_files[@]} -gt 0 ]; then run_tests node --import tsx --test "${reporters[@]}" "$concurrency" "${other_files[@]}"; fi
      if [ ${#cluster_files[@]} -gt 0 ]; then run_tests node --import tsx --test "${reporters[@]}" --test-concurrency=1 "${cluster_files[@]}"; fi ;;
    postgres)
      mapfile -t pg_files < <(printf '%s\n' "${files[@]}" | grep -v -e '^test/domain/' -e '/unit/' -e '^test/store/' -e '^test/cluster/')
      echo "# The suite on PostgreSQL (${#pg_files[@]} files)"
      run_tests node --import tsx scripts/with-postgres.ts node --import tsx --test "${reporters[@]}" "$concurrency" "${pg_files[@]}" ;;
    *) echo "OPENFINESSE_TEST_STORES: unknown store '$store' (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
