#!/usr/bin/env bash
# Start private PostgreSQL, MariaDB, Redis and sshd for one test run: free 127.0.0.1 ports, one private
# run dir, PIDs recorded for down.sh. Prints `export …` lines with the connection details.
# Usage: eval "$(scripts/services/up.sh)"    (daemons get </dev/null and log files, so $(...) never hangs)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/bunker-svc.XXXXXX"); chmod 755 "$RUN"; touch "$RUN/pids"
trap 'echo "[services] failed; logs kept in $RUN" >&2; "$HERE/down.sh" "$RUN" keep-logs' ERR
log() { echo "[services] $*" >&2; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { local n=0; until eval "$1" >/dev/null 2>&1; do n=$((n+1)); [ $n -gt 300 ] && { log "timeout: $1"; return 1; }; sleep 0.1; done; }
t0=$(date +%s.%N)
# Distinctive passwords per run: a test that checks "the password never reaches X" can only fail if the
# password is not also a user or database name.
PG_PW="pg-pw-$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MY_PW="my-pw-$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
elapsed() { date +%s.%N | awk -v t="$t0" '{printf "%.1fs", $1-t}'; }

# PostgreSQL refuses to run as root: the cluster runs as the postgres user.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_PORT=$(free_port); mkdir -p "$RUN/pg"; chown postgres:postgres "$RUN/pg"
echo "$PG_PW" > "$RUN/pg/pw"; chown postgres "$RUN/pg/pw"
runuser -u postgres -- "$PGBIN/initdb" -D "$RUN/pg/data" -U postgres -A scram-sha-256 --pwfile="$RUN/pg/pw" -E UTF8 --locale=C.UTF-8 >"$RUN/pg/initdb.log" 2>&1
rm -f "$RUN/pg/pw"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "$(head -1 "$RUN/pg/data/postmaster.pid") pg" >> "$RUN/pids"
log "postgres :$PG_PORT ($(elapsed))"

# MariaDB: root@localhost (socket) and root@127.0.0.1 (TCP) are different accounts; give both a password.
MY_PORT=$(free_port); mkdir -p "$RUN/mysql"; chown mysql:mysql "$RUN/mysql"
mariadb-install-db --no-defaults --user=mysql --datadir="$RUN/mysql/data" --auth-root-authentication-method=normal --skip-test-db >"$RUN/mysql/install.log" 2>&1
mariadbd --no-defaults --user=mysql --datadir="$RUN/mysql/data" --socket="$RUN/mysql/sock" --pid-file="$RUN/mysql/pid" \
  --bind-address=127.0.0.1 --port="$MY_PORT" --skip-name-resolve --log-error="$RUN/mysql/err.log" \
  --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 --performance-schema=OFF \
  </dev/null >"$RUN/mysql/stdout.log" 2>&1 &
echo "$! mariadb" >> "$RUN/pids"
wait_for "mariadb-admin --no-defaults -uroot -S '$RUN/mysql/sock' ping"
mariadb --no-defaults -uroot -S "$RUN/mysql/sock" -e "ALTER USER root@localhost IDENTIFIED BY '$MY_PW'; CREATE USER IF NOT EXISTS root@'127.0.0.1'; ALTER USER root@'127.0.0.1' IDENTIFIED BY '$MY_PW'; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;"
log "mariadb :$MY_PORT ($(elapsed))"

REDIS_PORT=$(free_port); mkdir -p "$RUN/redis"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --save "" --appendonly no --requirepass redispw \
  --daemonize no --logfile "$RUN/redis/log" </dev/null >/dev/null 2>&1 &
echo "$! redis" >> "$RUN/pids"
wait_for "redis-cli -p $REDIS_PORT -a redispw --no-auth-warning ping | grep -q PONG"
log "redis :$REDIS_PORT ($(elapsed))"

# sshd for SFTP: key login as root, password login as the sftptest user (created once).
SSH_PORT=$(free_port); mkdir -p "$RUN/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$RUN/ssh/host_key"; ssh-keygen -q -t ed25519 -N '' -f "$RUN/ssh/client_key"
cp "$RUN/ssh/client_key.pub" "$RUN/ssh/authorized_keys"
id sftptest >/dev/null 2>&1 || useradd -m -s /bin/sh sftptest
echo 'sftptest:sftp-test-pw' | chpasswd
cat > "$RUN/ssh/sshd_config" <<CFG
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $RUN/ssh/host_key
PidFile $RUN/ssh/sshd.pid
AuthorizedKeysFile $RUN/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CFG
/usr/sbin/sshd -D -e -f "$RUN/ssh/sshd_config" </dev/null >"$RUN/ssh/log" 2>&1 &
echo "$! sshd" >> "$RUN/pids"
wait_for "ssh-keyscan -p $SSH_PORT 127.0.0.1"
log "sshd :$SSH_PORT; all up in $(elapsed)"

cat > "$RUN/env" <<ENV
export IT_RUN_DIR=$RUN
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGPASSWORD=$PG_PW
export MYSQL_HOST=127.0.0.1 MYSQL_PORT=$MY_PORT MYSQL_USER=root MYSQL_PASSWORD=$MY_PW MYSQL_SOCKET=$RUN/mysql/sock
export REDIS_HOST=127.0.0.1 REDIS_PORT=$REDIS_PORT REDIS_PASSWORD=redispw
export SSH_HOST=127.0.0.1 SSH_PORT=$SSH_PORT SSH_USER=root SSH_KEY=$RUN/ssh/client_key SSH_HOST_KEY=$RUN/ssh/host_key.pub SSH_PASSWORD_USER=sftptest SSH_PASSWORD=sftp-test-pw
ENV
cat "$RUN/env"
