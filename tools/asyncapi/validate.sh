#!/usr/bin/env bash
# Validates docs/asyncapi.yaml (or the file given) with the pinned AsyncAPI parser; installs it first when
# node_modules is missing or older than package-lock.json (npm ci, about 30 s and 55 MB; node_modules is ignored).
set -euo pipefail
cd "$(dirname "$0")"
file="$(realpath "${1:-../../docs/asyncapi.yaml}")"
stamp=node_modules/.installed-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  SCARF_ANALYTICS=false npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
exec node validate.mjs "$file"
