#!/usr/bin/env bash
# Installs Magpie as a systemd service. Safe to run again: it only creates what is missing and corrects modes.
#
#   sudo systemd/install.sh [--dry-run] [--root DIR] JAR-OR-FOLDER
#   sudo systemd/install.sh --setup-only           (what the .deb's postinst runs)
#
# JAR-OR-FOLDER: magpie-linux-<arch>.jar, or a folder holding it (daemon/target); <arch> comes from `uname -m`
# (x86_64 or aarch64; MAGPIE_ARCH overrides). What it does:
#   - groups magpie, video, gpio (the unit's SupplementaryGroups= must exist) and the system user magpie
#   - /var/lib/magpie 0750 magpie:magpie (the data directory), /etc/magpie 0750 root:magpie
#   - the jar at /usr/lib/magpie/magpie.jar (0644, replaced atomically)
#   - /etc/magpie/magpie.yaml from config/magpie.yaml only if absent (0640 root:magpie)
#   - /etc/magpie/mqtt-password, empty if absent (0640 root:magpie; the unit loads it with LoadCredential=)
#   - magpie.service in /etc/systemd/system, enabled but not started: edit the config first
#
# Options:
#   --dry-run      print the commands instead of running them
#   --root DIR     install into DIR as if it were / (tests; DIR/etc/passwd and DIR/etc/group must exist)
#   --setup-only   accounts, directories and modes only (the .deb ships the jar, unit and config itself)
#   -h, --help     this text
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$SCRIPT_DIR")
USER_NAME=magpie
DATA_DIR=/var/lib/magpie
CONF_DIR=/etc/magpie
LIB_DIR=/usr/lib/magpie
UNIT_DIR=/etc/systemd/system

dry_run=0
root=
setup_only=0
source_path=

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
log() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --dry-run) dry_run=1 ;;
        --root) [[ $# -ge 2 ]] || die "--root needs a folder"; root=$(cd "$2" && pwd); shift ;;
        --root=*) root=$(cd "${1#--root=}" && pwd) ;;
        --setup-only) setup_only=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [[ -z $source_path ]] || die "one JAR-OR-FOLDER only"; source_path=$1 ;;
    esac
    shift
done

# Runs a command, or prints it under --dry-run.
run() {
    if [[ $dry_run == 1 ]]; then
        printf '  would run: %s\n' "$*"
    else
        "$@"
    fi
}

[[ $dry_run == 1 || $(id -u) == 0 ]] || die "run as root (sudo), or try --dry-run"

# Paths inside the target root.
r() { printf '%s%s' "$root" "$1"; }

# ---- the jar for this machine ----
jar=
if [[ $setup_only == 0 ]]; then
    [[ -n $source_path ]] || die "give the jar or the folder holding it (see --help)"
    arch=${MAGPIE_ARCH:-$(uname -m)}
    case $arch in
        x86_64|amd64) arch=x86_64 ;;
        aarch64|arm64) arch=aarch64 ;;
        *) die "no Magpie jar for $arch: there are jars for x86_64 and aarch64 (64-bit Raspberry Pi OS, Jetson)" ;;
    esac
    if [[ -d $source_path ]]; then
        jar=$source_path/magpie-linux-$arch.jar
    else
        jar=$source_path
    fi
    [[ -f $jar ]] || die "$jar not found; build it with: mvn -B -DskipTests package"
    case $(basename "$jar") in
        magpie-linux-"$arch".jar) ;;
        magpie-linux-*.jar) die "$jar is for another CPU; this machine needs magpie-linux-$arch.jar" ;;
    esac
fi

# ---- groups and user (in the target root's /etc/passwd with --root) ----
prefix_args=()
[[ -z $root ]] || prefix_args=(--prefix "$root")
group_exists() { grep -q "^$1:" "$(r /etc/group)" 2>/dev/null; }
user_exists() { grep -q "^$1:" "$(r /etc/passwd)" 2>/dev/null; }

for group in "$USER_NAME" video gpio; do
    if group_exists "$group"; then
        log "group $group exists"
    else
        log "creating group $group"
        run groupadd "${prefix_args[@]}" --system "$group"
    fi
done
if user_exists "$USER_NAME"; then
    log "user $USER_NAME exists; making sure it is in video and gpio"
    run usermod "${prefix_args[@]}" --append --groups video,gpio "$USER_NAME"
else
    log "creating system user $USER_NAME"
    run useradd "${prefix_args[@]}" --system --gid "$USER_NAME" --groups video,gpio \
        --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin \
        --comment "Magpie camera classifier" "$USER_NAME"
fi

# chown by number inside --root (the host may have no magpie user); by name otherwise.
owner() {
    local user=$1 group=$2
    if [[ -z $root || $dry_run == 1 ]]; then
        printf '%s:%s' "$user" "$group"
    else
        printf '%s:%s' "$(awk -F: -v n="$user" '$1 == n { print $3 }' "$(r /etc/passwd)")" \
            "$(awk -F: -v n="$group" '$1 == n { print $3 }' "$(r /etc/group)")"
    fi
}

# ---- directories and secrets ----
ensure_dir() { # path mode owner
    run install -d -m "$2" "$(r "$1")"
    run chown "$3" "$(r "$1")"
    run chmod "$2" "$(r "$1")"
}
ensure_dir "$DATA_DIR" 0750 "$(owner "$USER_NAME" "$USER_NAME")"
ensure_dir "$CONF_DIR" 0750 "$(owner root "$USER_NAME")"

password=$CONF_DIR/mqtt-password
if [[ ! -e $(r "$password") ]]; then
    log "creating empty $password (put the MQTT password in it, or leave it empty for none)"
    run install -m 0640 /dev/null "$(r "$password")"
fi
run chown "$(owner root "$USER_NAME")" "$(r "$password")"
run chmod 0640 "$(r "$password")"

config=$CONF_DIR/magpie.yaml
if [[ $setup_only == 0 ]]; then
    if [[ -e $(r "$config") ]]; then
        log "$config exists; leaving it as it is"
    else
        log "installing $config"
        run install -m 0640 "$REPO_DIR/config/magpie.yaml" "$(r "$config")"
    fi
fi
if [[ -e $(r "$config") || $dry_run == 1 ]]; then
    run chown "$(owner root "$USER_NAME")" "$(r "$config")"
    run chmod 0640 "$(r "$config")"
fi

# ---- jar and unit ----
if [[ $setup_only == 0 ]]; then
    log "installing $jar as $LIB_DIR/magpie.jar"
    run install -d -m 0755 "$(r "$LIB_DIR")"
    # Copy then rename: a running daemon keeps its open jar; the next start gets the new one whole.
    run install -m 0644 "$jar" "$(r "$LIB_DIR/magpie.jar.new")"
    run mv -f "$(r "$LIB_DIR/magpie.jar.new")" "$(r "$LIB_DIR/magpie.jar")"

    log "installing $UNIT_DIR/magpie.service"
    run install -d -m 0755 "$(r "$UNIT_DIR")"
    run install -m 0644 "$SCRIPT_DIR/magpie.service" "$(r "$UNIT_DIR/magpie.service")"
    if [[ -n $root ]]; then
        run systemctl --root="$root" enable magpie.service
    elif [[ -d /run/systemd/system ]]; then
        run systemctl daemon-reload
        run systemctl enable magpie.service
    else
        log "systemd is not running here; enable the service later with: systemctl enable magpie"
    fi

    cat <<NEXT

Magpie is installed and enabled, not started. Next:
  1. edit $config (camera, zones, mqtt); check it:
       sudo -u $USER_NAME java -jar $LIB_DIR/magpie.jar config check $config
  2. put the MQTT password in $password (or leave it empty)
  3. start it and watch the log:
       sudo systemctl start magpie && journalctl -u magpie -f
NEXT
fi
