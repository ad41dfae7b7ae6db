#!/bin/sh
# Bunker's container entrypoint:
#   1. as root: create /data and /backups, give them to PUID:PGID when they belong to someone else
#      (a fresh named volume belongs to root), then re-run this script as that user;
#   2. validate the environment (clear messages, nothing started on a mistake);
#   3. apply pending migrations to the SQLite database;
#   4. exec the server, so SIGTERM from `docker stop` reaches Node directly (tini is PID 1 and forwards
#      it): Bunker then stops taking work, cancels running backups and exits within about 10 s.
set -eu

APP_DIR=${BUNKER_APP_DIR:-/app}
PUID=${PUID:-1001}
PGID=${PGID:-1001}
DATA_DIR=${DATA_DIR:-/data}
BACKUPS_DIR=${BUNKER_BACKUPS_DIR:-/backups}
export DATA_DIR

log() { printf '[bunker] %s\n' "$*" >&2; }

if [ "$(id -u)" = 0 ] && [ "${BUNKER_RUN_AS_ROOT:-0}" != 1 ]; then
  for dir in "$DATA_DIR" "$BACKUPS_DIR"; do
    mkdir -p "$dir"
    if [ "$(stat -c %u:%g "$dir")" != "$PUID:$PGID" ]; then
      log "giving $dir to uid $PUID gid $PGID"
      chown -R "$PUID:$PGID" "$dir"
    fi
  done
  exec setpriv --reuid="$PUID" --regid="$PGID" --clear-groups -- "$0" "$@"
fi

cd "$APP_DIR"
node "$APP_DIR/docker/validate-env.mjs"

log "applying database migrations"
if ! node "$APP_DIR/scripts/prisma-migrate.mjs" deploy; then
  log "migrations failed: Bunker was not started. Restore /data from your backup or fix the error above."
  exit 1
fi

log "starting on port ${PORT:-3000}"
exec node "$APP_DIR/server.js" "$@"
