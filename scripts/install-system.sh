#!/usr/bin/env bash
# Install what the project needs from Debian: QGIS 3.22 LTR with its Python bindings for the
# system Python 3.11, and python3-venv. Installs only what is missing; needs root (or sudo).
set -euo pipefail
need=()
# python3-pyproj, proj-bin and libgdal-dev: pyproj and pyogrio on QGIS's own PROJ and GDAL
for pkg in qgis python3-qgis qgis-providers python3-venv python3-pip python3-pyproj proj-bin \
           libgdal-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing from Debian: ${need[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
