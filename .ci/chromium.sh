# Makes sure Debian's Chromium is installed for the browser tests (apps/host/src/browser/), and
# exports JUNCTION_CHROMIUM. Installs the `chromium` package with apt-get when /usr/bin/chromium
# is missing (as postgres.sh does for PostgreSQL). JUNCTION_CHROMIUM (or CHROME_PATH), when set,
# must be an executable and is used as it is.
ensure_chromium() {
  local chosen="${JUNCTION_CHROMIUM:-${CHROME_PATH:-}}"
  if [ -n "$chosen" ]; then
    if [ ! -x "$chosen" ]; then
      echo "JUNCTION_CHROMIUM/CHROME_PATH is $chosen, which is not an executable" >&2
      return 1
    fi
    export JUNCTION_CHROMIUM="$chosen"
    return 0
  fi
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "Chromium is missing: run 'apt-get install chromium' as root (or set JUNCTION_CHROMIUM)" >&2
      return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  export JUNCTION_CHROMIUM=/usr/bin/chromium
  echo "Chromium ready at $JUNCTION_CHROMIUM"
}
