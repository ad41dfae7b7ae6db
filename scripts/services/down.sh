#!/usr/bin/env bash
# Stop what up.sh started, by recorded PID, then delete the run dir. Usage: down.sh "$IT_RUN_DIR" [keep-logs]
RUN=${1:?run dir}; KEEP=${2:-}
[ -f "$RUN/pids" ] || { [ -n "$KEEP" ] || rm -rf "$RUN"; exit 0; }
while read -r pid name; do
  sig=TERM; [ "$name" = pg ] && sig=INT   # SIGINT is PostgreSQL's fast shutdown (TERM waits for clients)
  kill -s "$sig" "$pid" 2>/dev/null && echo "[services] stopped $name ($pid)" >&2
done < "$RUN/pids"
for _ in $(seq 1 100); do
  alive=0; while read -r pid _; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$RUN/pids"
  [ $alive = 0 ] && break; sleep 0.1
done
[ -n "$KEEP" ] || rm -rf "$RUN"
