#!/usr/bin/env bash
# Real mail servers for the tests, on free 127.0.0.1 ports, in a private directory:
#   smtp4dev (a local dotnet tool): SMTP that keeps what it receives, readable over its IMAP port
#   dovecot: a full IMAP server (folders, MOVE, APPEND) for the incoming-mail poller
#
#   eval "$(scripts/mail-servers.sh start)"   # starts both, prints the QUADRANT_TEST_* exports
#   scripts/mail-servers.sh stop              # stops both and removes the directory
#
# QUADRANT_MAIL_DIR chooses the directory (default /tmp/quadrant-mail-$USER). Installs dovecot with
# apt-get when it is missing (root or sudo) and restores the dotnet tools. .ci/run uses this script.
set -uo pipefail
cd "$(dirname "$0")/.."
DIR=${QUADRANT_MAIL_DIR:-/tmp/quadrant-mail-$(id -un)}
IMAP_PASSWORD=secret

say() { echo "mail-servers: $*" >&2; }
free_port() {
  local p
  for p in $(seq "$1" "$2"); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
wait_port() {
  local i
  for i in $(seq 1 "${2:-120}"); do
    if (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  return 1
}

stop() {
  if [ -f "$DIR/smtp4dev.pid" ]; then
    # setsid made it a process group of its own: the tool runner and the server stop together.
    kill -- "-$(cat "$DIR/smtp4dev.pid")" 2>/dev/null || kill "$(cat "$DIR/smtp4dev.pid")" 2>/dev/null || true
  fi
  if [ -f "$DIR/dovecot/run/master.pid" ]; then
    kill "$(cat "$DIR/dovecot/run/master.pid")" 2>/dev/null || true
  fi
  sleep 0.5
  rm -rf "$DIR"
}

start() {
  [ -d "$DIR" ] && stop
  mkdir -p "$DIR"
  if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
    say "installing dovecot-imapd"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dovecot-imapd dovecot-lmtpd; } >"$DIR/apt.log" 2>&1 \
      || { cat "$DIR/apt.log" >&2; say "could not install dovecot"; return 1; }
  fi
  dotnet tool restore >/dev/null || { say "dotnet tool restore failed"; return 1; }

  # --- smtp4dev: SMTP in, IMAP out (to read back what Quadrant sent) ---
  local smtp imap4dev web pop
  smtp=$(free_port 25250 25299) && imap4dev=$(free_port 11430 11479) && web=$(free_port 50900 50949) && pop=$(free_port 11100 11149) \
    || { say "no free ports"; return 1; }
  mkdir -p "$DIR/smtp4dev-config"
  XDG_CONFIG_HOME="$DIR/smtp4dev-config" setsid nohup dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$web" --bindaddress=127.0.0.1 \
    --allowremoteconnections- --disableipv6 --smtpport="$smtp" --imapport="$imap4dev" --pop3port="$pop" --db= --nousersettings \
    >"$DIR/smtp4dev.log" 2>&1 </dev/null &
  echo $! >"$DIR/smtp4dev.pid"

  # --- dovecot: a private instance, static password, maildir under $DIR ---
  local imap uid gid user
  imap=$(free_port 11480 11529) || { say "no free port for IMAP"; return 1; }
  uid=$(id -u); gid=$(id -g); user=$(id -un)
  mkdir -p "$DIR/dovecot/run" "$DIR/dovecot/state" "$DIR/dovecot/home"
  local internal=dovecot login=dovenull
  if [ "$uid" -ne 0 ]; then
    internal=$user; login=$user
  else
    # dovecot never stores mail as root: the mail belongs to its own "dovecot" user.
    uid=$(id -u dovecot); gid=$(id -g dovecot)
    chown -R dovecot:dovecot "$DIR/dovecot/home"
  fi
  cat >"$DIR/dovecot/dovecot.conf" <<CONF
base_dir = $DIR/dovecot/run
state_dir = $DIR/dovecot/state
log_path = $DIR/dovecot/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $internal
default_login_user = $login
first_valid_uid = 0
mail_location = maildir:~/Maildir
mail_uid = $uid
mail_gid = $gid
passdb {
  driver = static
  args = password=$IMAP_PASSWORD
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$DIR/dovecot/home/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
  chmod 755 "$DIR" "$DIR/dovecot" 2>/dev/null || true
  local dovecot_bin=dovecot
  command -v dovecot >/dev/null 2>&1 || dovecot_bin=/usr/sbin/dovecot
  $dovecot_bin -c "$DIR/dovecot/dovecot.conf" >"$DIR/dovecot/start.log" 2>&1 \
    || { cat "$DIR/dovecot/start.log" "$DIR/dovecot/dovecot.log" >&2 2>/dev/null; say "dovecot did not start"; return 1; }

  wait_port "$imap" 40 || { cat "$DIR/dovecot/dovecot.log" >&2; say "dovecot is not listening on $imap"; return 1; }
  wait_port "$smtp" 240 || { cat "$DIR/smtp4dev.log" >&2; say "smtp4dev is not listening on $smtp"; return 1; }
  wait_port "$imap4dev" 40 || { cat "$DIR/smtp4dev.log" >&2; say "smtp4dev IMAP is not listening on $imap4dev"; return 1; }
  say "smtp4dev smtp 127.0.0.1:$smtp imap 127.0.0.1:$imap4dev web http://127.0.0.1:$web; dovecot imap 127.0.0.1:$imap (any user, password $IMAP_PASSWORD)"
  cat <<ENV | tee "$DIR/env"
export QUADRANT_TEST_SMTP=127.0.0.1:$smtp
export QUADRANT_TEST_SMTP_IMAP=127.0.0.1:$imap4dev
export QUADRANT_TEST_SMTP_API=http://127.0.0.1:$web
export QUADRANT_TEST_IMAP=127.0.0.1:$imap
export QUADRANT_TEST_IMAP_PASSWORD=$IMAP_PASSWORD
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
