#!/usr/bin/env bash
# Idempotent set-up for Hinterland on Debian 12 (bookworm):
#   * QGIS 3.40 LTR + PyQGIS from bookworm-backports when PyQGIS is missing,
#   * a few Debian tools (Xvfb, CJK fonts, lrelease, pylupdate5),
#   * the project venv (.venv) made with --system-site-packages so PyQGIS is visible,
#     with the test tools from requirements-dev.txt (numpy kept at Debian's version).
# Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
SYS_PY=/usr/bin/python3

say() { printf '[bootstrap] %s\n' "$*"; }

is_debian12() { [ -r /etc/os-release ] && . /etc/os-release && [ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = 12 ]; }

explain_and_exit() {
  cat >&2 <<TXT
[bootstrap] $1
Hinterland needs QGIS >= 3.34 with its Python bindings (PyQGIS) and python3-venv.
On Debian 12, as root:
  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list
  apt-get update
  apt-get install -y --no-install-recommends -t bookworm-backports qgis python3-qgis qgis-providers
  apt-get install -y --no-install-recommends python3-venv qttools5-dev-tools xvfb xauth fonts-noto-cjk
On Ubuntu use the QGIS LTR repository (https://qgis.org/resources/installation-guide/);
elsewhere install QGIS LTR and make sure '/usr/bin/python3 -c "import qgis.core"' works.
TXT
  exit 1
}

# Debian packages we want, and the command/file that proves each is there.
APT_BASE=(python3-venv poppler-utils python3-gdal python3-scipy python3-pyproj libgeos-dev grass-core qttools5-dev-tools pyqt5-dev-tools xvfb xauth x11-utils imagemagick fonts-noto-cjk fonts-open-sans)
missing=()
for p in "${APT_BASE[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
have_qgis=1
$SYS_PY -c 'import qgis.core' >/dev/null 2>&1 || have_qgis=0

if [ $have_qgis = 0 ] || [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! is_debian12; then
    [ $have_qgis = 1 ] && [ ${#missing[@]} -gt 0 ] && say "optional Debian packages missing: ${missing[*]} (some targets may not work)"
    [ $have_qgis = 0 ] && explain_and_exit "PyQGIS is not installed and I can only install it as root on Debian 12."
  else
    export DEBIAN_FRONTEND=noninteractive
    if [ $have_qgis = 0 ]; then
      if ! grep -rqs '^deb .*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        say "adding bookworm-backports to apt sources"
        echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/hinterland-backports.list
      fi
    fi
    say "apt-get update"
    apt-get update -q
    if [ $have_qgis = 0 ]; then
      say "installing QGIS 3.40 LTR from bookworm-backports (takes a few minutes)"
      apt-get install -y -q --no-install-recommends -t bookworm-backports qgis python3-qgis qgis-providers
    fi
    [ ${#missing[@]} -gt 0 ] && { say "installing ${missing[*]}"; apt-get install -y -q --no-install-recommends "${missing[@]}"; }
  fi
fi

$SYS_PY -c 'import qgis.core' || explain_and_exit "PyQGIS still does not import."

# The venv: system site packages so PyQGIS/numpy/GDAL are Debian's.
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  $SYS_PY -m venv --system-site-packages "$VENV"
fi
stamp="$VENV/.hinterland-requirements"
want=$(cat requirements-dev.txt scripts/bootstrap.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  cons="$VENV/constraints.txt"
  # Pin whatever Debian ships that pip must never replace. Wheels of these bundle their own native
  # libraries (PROJ, GEOS, ...) that clash with the ones QGIS has loaded in the same process
  # (seen: double free in libproj at exit, GEOS API mismatch), so the venv uses Debian's builds.
  $SYS_PY - > "$cons" <<'PY'
import importlib.metadata as m
for name in ("numpy", "PyQt5", "GDAL", "scipy", "pyproj"):
    try:
        print(f"{name}=={m.version(name)}")
    except m.PackageNotFoundError:
        pass
PY
  say "installing test tools into $VENV"
  # shapely is built from source against Debian's GEOS, the one QGIS itself uses
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$cons" --no-binary shapely -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
say "ready: $("$VENV/bin/python" -c 'from qgis.core import Qgis; import numpy; print("QGIS", Qgis.QGIS_VERSION, "numpy", numpy.__version__)')"
