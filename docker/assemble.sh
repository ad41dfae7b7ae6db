#!/bin/sh
# Lays out the runnable app from a standalone Next.js build: what the Docker image copies into /app, and
# what the test suite starts outside Docker (scripts/check-standalone.sh), so both run the same files.
#   docker/assemble.sh <project dir> <output dir>      (NEXT_DIST_DIR: the build's dist dir, default .next)
set -eu
SRC=$(cd "$1" && pwd)
OUT=$2
DIST=${NEXT_DIST_DIR:-.next}
[ -f "$SRC/$DIST/standalone/server.js" ] || { echo "assemble: $SRC/$DIST/standalone/server.js is missing: build with BUNKER_STANDALONE=1 first" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
# The traced server and its node_modules; then what Next leaves to the deployer: static assets and public/.
cp -a "$SRC/$DIST/standalone/." "$OUT/"
# Paths built at run time (local destinations, SQLite sources) make the tracer copy the whole project;
# the server needs none of it.
for f in src tests bench docs docker scripts prisma README.md eslint.config.mjs next.config.ts playwright.config.ts \
  postcss.config.mjs prisma.config.ts vitest.config.mts tsconfig.json package-lock.json .env; do
  rm -rf "${OUT:?}/$f"
done
mkdir -p "$OUT/$DIST"
cp -a "$SRC/$DIST/static" "$OUT/$DIST/static"
[ -d "$SRC/public" ] && cp -a "$SRC/public" "$OUT/public"
# Migrations at start: the offline migrate script, the migrations, and the modules only it needs (the wasm
# schema engine is not part of the server's trace).
mkdir -p "$OUT/scripts/lib" "$OUT/prisma" "$OUT/docker"
cp "$SRC/scripts/prisma-migrate.mjs" "$OUT/scripts/"
cp "$SRC/scripts/lib/app-paths.mjs" "$OUT/scripts/lib/"
rm -rf "$OUT/prisma/migrations"
cp -a "$SRC/prisma/migrations" "$OUT/prisma/migrations"
cp "$SRC/prisma/schema.prisma" "$OUT/prisma/"
for m in @prisma/schema-engine-wasm @prisma/driver-adapter-utils @prisma/adapter-better-sqlite3 @prisma/debug better-sqlite3 bindings file-uri-to-path; do
  if [ ! -d "$OUT/node_modules/$m" ] && [ -d "$SRC/node_modules/$m" ]; then
    mkdir -p "$OUT/node_modules/$(dirname "$m")"
    cp -a "$SRC/node_modules/$m" "$OUT/node_modules/$m"
  fi
done
cp "$SRC/docker/entrypoint.sh" "$SRC/docker/validate-env.mjs" "$OUT/docker/"
chmod 755 "$OUT/docker/entrypoint.sh"
echo "assemble: $OUT ready ($(du -sh "$OUT" | cut -f1))" >&2
