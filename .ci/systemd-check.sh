#!/usr/bin/env bash
# Checks systemd/magpie.service without a running systemd:
#   1. `systemd-analyze verify`: any error or warning about the unit fails the check (unknown keys and bad values
#      are only warnings to systemd, which then ignores the line: a silently missing sandbox option).
#   2. `systemd-analyze security --offline=true` (systemd >= 252): prints the table and the exposure score and fails
#      when the score is above MAGPIE_MAX_EXPOSURE (default 2.5; the unit scores 1.8 on systemd 252. 0 is fully
#      locked down, 10 is unprotected; systemd calls < 2 "OK", < 5 "MEDIUM").
#
#   .ci/systemd-check.sh [UNIT-FILE]
#
# Installs the `systemd` package with apt when systemd-analyze is missing and this runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."

UNIT=${1:-systemd/magpie.service}
MAX_EXPOSURE=${MAGPIE_MAX_EXPOSURE:-2.5}

log() { printf 'systemd-check: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

[[ -f $UNIT ]] || die "$UNIT not found"
if ! command -v systemd-analyze >/dev/null; then
    [[ $(id -u) == 0 ]] || die "systemd-analyze not found; install the systemd package"
    log "installing systemd (for systemd-analyze)"
    [[ ${MAGPIE_APT_UPDATED:-0} == 1 ]] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi
version=$(systemd-analyze --version | awk 'NR == 1 { print $2 }')
log "systemd $version, unit $UNIT"

# verify resolves ExecStart= binaries, so a box without /usr/bin/java would report a missing executable: that is the
# build machine's problem, not the unit's, and is left out.
verify_out=$(systemd-analyze verify "$UNIT" 2>&1) || verify_rc=$?
verify_out=$(printf '%s\n' "$verify_out" | grep -v "Command /usr/bin/java is not executable" || true)
if [[ -n ${verify_rc:-} || -n $verify_out ]]; then
    printf '%s\n' "$verify_out" >&2
    die "systemd-analyze verify reported problems (rc ${verify_rc:-0})"
fi
log "verify: no errors, no warnings"

if (( version < 252 )); then
    log "systemd $version < 252 has no 'security --offline'; exposure score not checked"
    exit 0
fi
security_out=$(systemd-analyze security --offline=true --no-pager "$UNIT" 2>&1) || true
printf '%s\n' "$security_out"
score=$(printf '%s\n' "$security_out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[[ -n $score ]] || die "no exposure score in the output of systemd-analyze security"
echo "exposure score: $score (limit $MAX_EXPOSURE)"
awk -v s="$score" -v max="$MAX_EXPOSURE" 'BEGIN { exit !(s <= max) }' \
    || die "exposure score $score is above $MAX_EXPOSURE: a sandbox option was lost or weakened"
log "OK"
