#!/usr/bin/env bash
# `npm test`: installs what the tests need (apt and npm packages), then runs lint, typecheck, unit,
# integration and e2e tests, and ends with one line CI reads: "tests: N passed, N failed".
# Idempotent: installs only what is missing. Works as root (CI) or with sudo.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RESULTS=.test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
T0=$(date +%s)
log() { echo -e "\n[test] $* (+$(( $(date +%s) - T0 ))s)"; }

# ── 1. system packages ───────────────────────────────────────────────────────
# Each entry is "command:package": install the package when the command is missing.
# chromium: e2e (Playwright cannot download its own browser here); g++ & co: the better-sqlite3 build;
# the database servers and clients, sshd, sqlite3, age and zstd: integration tests against real parts;
# the shell linter checks the scripts (the Docker entrypoint among them); curl probes the standalone server.
TOOLS=(chromium:chromium g++:g++ make:make python3:python3
  /usr/lib/postgresql/*/bin/initdb:postgresql pg_dump:postgresql-client
  mariadbd:mariadb-server mariadb-dump:mariadb-client redis-server:redis-server redis-cli:redis-tools
  /usr/sbin/sshd:openssh-server sqlite3:sqlite3 age:age zstd:zstd shellcheck:shellcheck curl:curl)
need=()
for t in "${TOOLS[@]}"; do
  cmd=${t%%:*}; pkg=${t##*:}
  if [[ $cmd == /* ]]; then compgen -G "$cmd" >/dev/null && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
  need+=("$pkg")
done
if ((${#need[@]})); then
  log "installing apt packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3"
  $APT update -qq && $APT install -y -qq --no-install-recommends "${need[@]}" >/dev/null || { echo "[test] apt-get install failed"; exit 1; }
fi

# ── 2. npm packages and the generated Prisma client ─────────────────────────
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund || { echo "[test] npm ci failed"; exit 1; }
fi
npx prisma generate >/dev/null || { echo "[test] prisma generate failed"; exit 1; }

# ── 3. private PostgreSQL, MariaDB, Redis and sshd on free ports, stopped on exit ──
log "starting test services"
SVC_ENV=$(scripts/services/up.sh) || { echo "[test] could not start the test services"; exit 1; }
eval "$SVC_ENV"
trap 'scripts/services/down.sh "$IT_RUN_DIR"' EXIT

# ── 4. the suites: each one runs even if an earlier one failed ──────────────
declare -A STATUS
step() { local name=$1; shift; log "$name"; if "$@"; then STATUS[$name]=pass; else STATUS[$name]=FAIL; fi; }

step lint bash -c 'npx eslint --max-warnings=0 . && shellcheck -S warning docker/*.sh scripts/*.sh scripts/services/*.sh'
step typecheck npx tsc --noEmit
step vitest npx vitest run --reporter=default --reporter=json --outputFile="$RESULTS/vitest.json"
step build npx next build
if [ "${STATUS[build]}" = pass ]; then
  E2E_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  E2E_DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bunker-e2e.XXXXXX")
  export E2E_PORT E2E_DATA_DIR
  PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/playwright.json" step e2e npx playwright test --reporter=list,json
  rm -rf "$E2E_DATA_DIR"
else
  STATUS[e2e]=FAIL
fi

# The Docker image's server, checked without Docker: standalone build + docker/entrypoint.sh + health + SIGTERM.
step standalone bash scripts/check-standalone.sh

# ── 5. summary ───────────────────────────────────────────────────────────────
log "summary"
for s in lint typecheck vitest build e2e standalone; do printf '  %-10s %s\n' "$s" "${STATUS[$s]}"; done
STEP_FAILS=0
for s in lint typecheck build standalone; do [ "${STATUS[$s]}" = pass ] || STEP_FAILS=$((STEP_FAILS + 1)); done
RESULTS="$RESULTS" STEP_FAILS="$STEP_FAILS" node -e '
const fs = require("fs");
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
const v = read(`${process.env.RESULTS}/vitest.json`), p = read(`${process.env.RESULTS}/playwright.json`);
// A runner that left no report counts as one failure, so a crash can never read as green.
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0);
const failed = (v ? v.numFailedTests : 1) + (p ? p.stats.unexpected + (p.errors?.length ?? 0) : 1) + Number(process.env.STEP_FAILS);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);'
