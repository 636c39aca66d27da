#!/usr/bin/env bash
# Reliability harnesses through the whole local stack (docs/reliability.md):
#   scripts/reliability.sh fuzz [frames=10000] [seed=13]   mutated frames of every action from an authenticated client
#   scripts/reliability.sh faults [full|rotating]           fault matrix: each AWS call x throttled / 500 / killed after
#   scripts/reliability.sh soak [users=20] [minutes=5]      load with receipts and reconnects: losses, heap trend
# Prints the figures and exits non-zero when an invariant broke.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-main.sh
run_local_main test-compile OFF dev.chatline.local.reliability.ReliabilityMain "$@"
