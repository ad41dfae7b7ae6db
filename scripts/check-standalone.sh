#!/usr/bin/env bash
# What the Docker image runs, checked without Docker: build the standalone server into its own dist dir,
# lay it out with docker/assemble.sh (as the Dockerfile does), start it through docker/entrypoint.sh
# (validate env → migrate → exec server) on a free port with a fresh /data, wait for /api/health, then
# send SIGTERM and require a clean exit within 15 s.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[standalone] $*"; }
DIST=.next-standalone
OUT=$(mktemp -d "${TMPDIR:-/tmp}/bunker-standalone.XXXXXX")
DATA=$(mktemp -d "${TMPDIR:-/tmp}/bunker-standalone-data.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null || true; rm -rf "$OUT" "$DATA"; }
trap cleanup EXIT

log "building (BUNKER_STANDALONE=1, distDir $DIST)"
NEXT_DIST_DIR=$DIST BUNKER_STANDALONE=1 NEXT_TELEMETRY_DISABLED=1 npx next build >"$DATA/build.log" 2>&1 || { tail -40 "$DATA/build.log"; exit 1; }
NEXT_DIST_DIR=$DIST sh docker/assemble.sh . "$OUT/app"

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log "starting $OUT/app through docker/entrypoint.sh on :$PORT"
# As root (CI), the entrypoint would drop to PUID: run as root deliberately here, the drop is tested in
# tests/integration/docker-entrypoint.test.ts.
env -i PATH="$PATH" HOME="$DATA" NODE_ENV=production HOSTNAME=127.0.0.1 PORT="$PORT" DATA_DIR="$DATA/data" \
  BUNKER_BACKUPS_DIR="$DATA/backups" BUNKER_APP_DIR="$OUT/app" BUNKER_RUN_AS_ROOT=1 LOG_LEVEL=warn \
  sh "$OUT/app/docker/entrypoint.sh" >"$DATA/server.log" 2>&1 &
PID=$!
ok=
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$PORT/api/health" 2>/dev/null); then ok=1; break; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ok" ]; then log "FAILED: /api/health never answered"; tail -40 "$DATA/server.log"; exit 1; fi
log "health: $body"
echo "$body" | grep -q '"status":"ok"' || { log "FAILED: health is not ok"; exit 1; }
[ -f "$DATA/data/bunker.db" ] || { log "FAILED: migrations did not create $DATA/data/bunker.db"; exit 1; }
[ -f "$DATA/data/secrets/encryption_key" ] || { log "FAILED: no generated encryption key under DATA_DIR"; exit 1; }

t0=$(date +%s)
kill -TERM "$PID"
for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$PID" 2>/dev/null; then log "FAILED: still running 15 s after SIGTERM"; exit 1; fi
wait "$PID" && rc=0 || rc=$?
PID=
log "exited $rc $(( $(date +%s) - t0 )) s after SIGTERM"
[ "$rc" = 0 ] || [ "$rc" = 143 ] || { log "FAILED: exit code $rc"; tail -20 "$DATA/server.log"; exit 1; }
log "ok"
