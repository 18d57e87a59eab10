#!/usr/bin/env bash
# Installs what the live-Odoo test bed needs from Debian: PostgreSQL and Odoo's own
# Python dependencies, read from the Odoo source's debian/control so the list follows
# the Odoo version instead of being copied here. Only missing packages are installed;
# for "a | b" entries the first alternative this Debian release offers is taken.
set -euo pipefail
ODOO_HOME="${ODOO_HOME:-/opt/odoo/18.0}"
control="$ODOO_HOME/debian/control"
if [ ! -f "$control" ]; then
  echo "install-system-deps: $control not found; cannot read Odoo's Debian dependencies." >&2
  echo "Provide the Odoo source at ODOO_HOME (see README, 'Odoo for tests')." >&2
  exit 1
fi
installed() { local s; s=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true); [ "$s" = 'install ok installed' ]; }
available() { local p; p=$(apt-cache policy "$1" 2>/dev/null || true); [[ "$p" == *'Candidate: '[0-9]* ]]; }

# One line per Depends entry, alternatives separated by spaces.
mapfile -t entries < <(awk '/^Depends:/{f=1;next} f&&/^[A-Za-z-]+:/{f=0} f' "$control" \
  | grep -v '^\s*#' | tr ',' '\n' | sed 's/([^)]*)//g; s/|/ /g; s/^\s*//; s/\s*$//' \
  | grep -v '^\$' | grep -v '^$' | sort -u)
# PostgreSQL for Odoo; Chromium for the test that renders the dashboard in Odoo's web client.
entries+=("postgresql" "postgresql-client" "chromium")

pending=()
for entry in "${entries[@]}"; do
  ok=0
  for alt in $entry; do installed "$alt" && { ok=1; break; }; done
  [ $ok -eq 1 ] || pending+=("$entry")
done
if [ ${#pending[@]} -eq 0 ]; then
  echo "install-system-deps: all ${#entries[@]} Debian dependencies present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
missing=()
for entry in "${pending[@]}"; do
  pick=""
  for alt in $entry; do available "$alt" && { pick=$alt; break; }; done
  if [ -z "$pick" ]; then echo "install-system-deps: no package available for '$entry'" >&2; exit 1; fi
  missing+=("$pick")
done
echo "install-system-deps: installing ${#missing[@]} packages: ${missing[*]}"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-system-deps: done"
