#!/usr/bin/env bash
# Makes sure the embedded AWS emulator (moto 5.2.1 with its server extra) is available in the project-local
# virtual environment .venv. The venv sees the system's site-packages, so where moto is already installed
# nothing is downloaded. Only a missing Python 3 stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
MOTO_VERSION=5.2.1
PY=${CHATLINE_PYTHON:-}
if [ -z "$PY" ]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "Python 3 is required for the embedded AWS emulator (moto $MOTO_VERSION): install python3 and retry." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv --system-site-packages .venv
  fi
  PY=.venv/bin/python
fi
if ! "$PY" -c "import moto, sys; sys.exit(0 if moto.__version__ == '$MOTO_VERSION' else 1)" 2>/dev/null \
   || ! "$PY" -c "import moto.server, flask" 2>/dev/null; then
  "$PY" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
