# Functions of scripts/setup.sh, sourced by it (and by test/unit/setup.spec.ts, which runs them
# against real locks and a stand-in `node`).

say() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '[setup] %s\n' "$*" >&2
  exit 1
}

# Node.js 20.19+ (20.x) or 22.12+, as package.json's "engines" says: Prisma 7 and the ESM packages
# loaded through require() need them.
check_node() {
  command -v node >/dev/null ||
    fail "Node.js is needed (20.19 or newer 20.x, or 22.12+): https://nodejs.org/en/download, or with nvm: nvm install 20"
  local v major minor rest
  v=$(node -v)
  rest=${v#v}
  major=${rest%%.*}
  rest=${rest#*.}
  minor=${rest%%.*}
  if ! { [ "$major" = 20 ] && [ "$minor" -ge 19 ]; } && ! { [ "$major" = 22 ] && [ "$minor" -ge 12 ]; } &&
    ! [ "$major" -ge 23 ]; then
    fail "Node.js $v is too old (or an odd release): Tizim needs Node 20.19 or newer 20.x, or 22.12+ (package.json \"engines\"); get it from https://nodejs.org/en/download, or with nvm: nvm install 20"
  fi
}

# The package manager's locks: dpkg's (the one `E: Could not get lock /var/lib/dpkg/lock-frontend`
# names) and apt's lists and archives. TIZIM_APT_LOCKS names others (the tests' own files).
APT_LOCKS_DEFAULT="/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock"

# Prints "PID (command)" of a process holding a lock on FILE and succeeds, or fails when none does.
# Read from /proc/locks, which lists flock(2) locks and POSIX record locks alike (apt and dpkg take
# the latter) by device and inode: trying to take the lock would see only one kind.
lock_holder() {
  local file=$1 dev ino key pid
  [ -e "$file" ] || return 1
  read -r dev ino < <(stat -L -c '%d %i' "$file")
  key=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff)) $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) "$ino")
  # "1: POSIX  ADVISORY  WRITE 3821 fe:00:1474572 0 EOF"; "1: -> POSIX …" lines are waiters, not holders.
  pid=$(awk -v key="$key" '$2 != "->" && $6 == key { print $5; exit }' /proc/locks 2>/dev/null)
  [ -n "$pid" ] || return 1
  if [ "$pid" -gt 0 ] 2>/dev/null && [ -r "/proc/$pid/comm" ]; then
    printf '%s (%s)\n' "$pid" "$(cat "/proc/$pid/comm")"
  else
    printf '%s (a process outside this container)\n' "$pid"
  fi
}

# Waits while another program (unattended upgrades, another apt-get) holds the package manager's
# locks, saying so once, for up to TIZIM_APT_LOCK_WAIT seconds (300 by default); then fails naming
# the lock and the process holding it.
wait_for_apt_locks() {
  local limit=${TIZIM_APT_LOCK_WAIT:-300} start=$SECONDS said='' lock holder
  while :; do
    holder=''
    for lock in ${TIZIM_APT_LOCKS:-$APT_LOCKS_DEFAULT}; do
      if holder=$(lock_holder "$lock"); then break; fi
      holder=''
    done
    [ -n "$holder" ] || return 0
    if [ -z "$said" ]; then
      say "waiting for $lock: another program holds it, process $holder (up to ${limit} s)"
      said=1
    fi
    if [ $((SECONDS - start)) -ge "$limit" ]; then
      fail "the package manager's lock $lock is still held by process $holder after ${limit} s: let it finish (or stop it), then run setup again; TIZIM_APT_LOCK_WAIT sets how many seconds setup waits"
    fi
    sleep 1
  done
}

# debian_install "<how to get it without root>" PACKAGE…: installs Debian packages as root through
# apt-get once the locks are free (apt-get itself also waits a minute for dpkg's lock, should
# another program take it in between); without root or apt-get, fails with the hint.
debian_install() {
  local hint=$1
  shift
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $* (Debian packages)"
    wait_for_apt_locks
    apt-get -o DPkg::Lock::Timeout=60 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 install -y -qq --no-install-recommends "$@" >/dev/null
  else
    fail "$hint"
  fi
}
