#!/usr/bin/env bash
# Installs the Python middlewares the runtime oracle drives (test/oracle), from Debian packages.
# Idempotent: packages already installed are left alone. Exits non-zero, naming what failed,
# when a package cannot be installed or an import still fails afterwards.
set -euo pipefail

PACKAGES=(
  python3-starlette python3-fastapi python3-httpx
  python3-flask python3-flask-cors
  python3-django python3-django-cors-headers
  python3-aiohttp python3-aiohttp-cors
  python3-falcon
)
PY=/usr/bin/python3
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "oracle-setup: must run as root or with sudo available" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "oracle-setup: installing ${missing[*]}"
  $SUDO apt-get update
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
    echo "oracle-setup: apt-get could not install: ${missing[*]}" >&2
    echo "oracle-setup: these are Debian bookworm packages; check 'apt-cache policy <name>'" >&2
    exit 1
  fi
else
  echo "oracle-setup: all Debian packages already installed"
fi

if [ ! -x "$PY" ]; then
  echo "oracle-setup: $PY not found (the oracle uses Debian's interpreter, not pyenv's)" >&2
  exit 1
fi
failed=()
for mod in starlette fastapi httpx flask flask_cors django corsheaders aiohttp aiohttp_cors falcon; do
  "$PY" -c "import $mod" 2>/dev/null || failed+=("$mod")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "oracle-setup: installed, but $PY cannot import: ${failed[*]}" >&2
  exit 1
fi
"$PY" - <<'PY'
import importlib.metadata as m
for d in ["starlette", "fastapi", "Flask-Cors", "django-cors-headers", "aiohttp-cors", "falcon"]:
    print(f"oracle-setup: {d} {m.version(d)}")
PY
echo "oracle-setup: ready"
