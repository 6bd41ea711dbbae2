#!/usr/bin/env bash
# Prints the bin folder of Node.js $1 (a version: `24`, `20.19.0`), installing it once from the npm
# registry's `node` package (the official binaries) into a cache outside the checkout. For a machine
# that has only another Node: CI runs its pipeline on what production runs (.node-version) and the
# unit suite on the floor that package.json's `engines` allows.
set -euo pipefail
want=${1:?usage: node-bin.sh VERSION}
cache=${EDGE_SESSIONS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-sessions/node}
dir="$cache/$want"
bin="$dir/node_modules/node/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$want" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
