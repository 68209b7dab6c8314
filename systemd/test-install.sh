#!/usr/bin/env bash
# Tests systemd/install.sh in a throwaway root (there is no systemd here): install, install again (idempotent),
# keep a changed config and password, refuse a jar for another CPU, and --dry-run changes nothing.
#
#   sudo systemd/test-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "test-install: needs root (useradd --prefix, chown)"; exit 1; }

root=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$root" "$work"' EXIT
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }
check_stat() { # path expected-mode expected-owner:group
    local got
    got=$(stat -c '%a %u:%g' "$root$1")
    local want_uid want_gid
    want_uid=$(awk -F: -v n="${3%%:*}" '$1 == n { print $3 }' "$root/etc/passwd")
    want_gid=$(awk -F: -v n="${3##*:}" '$1 == n { print $3 }' "$root/etc/group")
    [[ $got == "$2 $want_uid:$want_gid" ]] || fail "$1 is '$got', expected '$2 $3' ($want_uid:$want_gid)"
}

# A minimal /etc: root, and a video group but no gpio group (as on a Jetson or a PC).
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$root/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
printf 'root:x:0:\nvideo:x:44:\n' > "$root/etc/group"
printf 'root:*::\nvideo:!::\n' > "$root/etc/gshadow"

mkdir -p "$work/jars"
echo "jar one" > "$work/jars/magpie-linux-x86_64.jar"
echo "arm jar" > "$work/jars/magpie-linux-aarch64.jar"
export MAGPIE_ARCH=x86_64

echo "-- dry run changes nothing"
systemd/install.sh --dry-run --root "$root" "$work/jars" > "$work/dry.log"
grep -q "would run: useradd" "$work/dry.log" || fail "dry run does not show useradd"
[[ ! -e $root/var/lib/magpie && ! -e $root/usr/lib/magpie ]] || fail "dry run created files"
grep -q magpie "$root/etc/passwd" && fail "dry run created the user"

echo "-- first install"
systemd/install.sh --root "$root" "$work/jars" > "$work/first.log"
grep -q '^magpie:' "$root/etc/passwd" || fail "no magpie user"
grep -q '^gpio:' "$root/etc/group" || fail "no gpio group"
grep -E '^video:.*magpie' "$root/etc/group" >/dev/null || fail "magpie not in video"
grep -E '^gpio:.*magpie' "$root/etc/group" >/dev/null || fail "magpie not in gpio"
grep -E '^magpie:[^:]*:[0-9]+:[0-9]+:[^:]*:/var/lib/magpie:/usr/sbin/nologin$' "$root/etc/passwd" >/dev/null \
    || fail "magpie user has the wrong home or shell: $(grep '^magpie:' "$root/etc/passwd")"
check_stat /var/lib/magpie 750 magpie:magpie
check_stat /etc/magpie 750 root:magpie
check_stat /etc/magpie/magpie.yaml 640 root:magpie
check_stat /etc/magpie/mqtt-password 640 root:magpie
check_stat /usr/lib/magpie/magpie.jar 644 root:root
check_stat /etc/systemd/system/magpie.service 644 root:root
[[ $(cat "$root/usr/lib/magpie/magpie.jar") == "jar one" ]] || fail "wrong jar installed"
cmp -s config/magpie.yaml "$root/etc/magpie/magpie.yaml" || fail "config differs from config/magpie.yaml"
[[ -L $root/etc/systemd/system/multi-user.target.wants/magpie.service ]] || fail "unit not enabled"
grep -q "Next:" "$work/first.log" || fail "no next steps printed"

echo "-- second install keeps the owner's config and password, replaces the jar"
echo "# mine" >> "$root/etc/magpie/magpie.yaml"
echo "s3cret" > "$root/etc/magpie/mqtt-password"
chmod 0644 "$root/etc/magpie/mqtt-password"   # a careless edit: install.sh tightens it again
echo "jar two" > "$work/jars/magpie-linux-x86_64.jar"
cp "$root/etc/passwd" "$work/passwd.before"
systemd/install.sh --root "$root" "$work/jars" > "$work/second.log"
cmp -s "$work/passwd.before" "$root/etc/passwd" || fail "second run changed /etc/passwd"
[[ $(grep -c '^gpio:' "$root/etc/group") == 1 ]] || fail "gpio group added twice"
tail -n 1 "$root/etc/magpie/magpie.yaml" | grep -q "# mine" || fail "config overwritten"
[[ $(cat "$root/etc/magpie/mqtt-password") == s3cret ]] || fail "password overwritten"
check_stat /etc/magpie/mqtt-password 640 root:magpie
[[ $(cat "$root/usr/lib/magpie/magpie.jar") == "jar two" ]] || fail "jar not replaced"
[[ ! -e $root/usr/lib/magpie/magpie.jar.new ]] || fail "temporary jar left behind"

echo "-- a jar for another CPU is refused"
if systemd/install.sh --root "$root" "$work/jars/magpie-linux-aarch64.jar" > "$work/wrong.log" 2>&1; then
    fail "installed an aarch64 jar on x86_64"
fi
grep -q "is for another CPU" "$work/wrong.log" || fail "unclear error: $(cat "$work/wrong.log")"

echo "-- aarch64 picks its own jar from a folder"
MAGPIE_ARCH=aarch64 systemd/install.sh --root "$root" "$work/jars" > /dev/null
[[ $(cat "$root/usr/lib/magpie/magpie.jar") == "arm jar" ]] || fail "aarch64 did not pick magpie-linux-aarch64.jar"

echo "-- --setup-only (the .deb's postinst) touches no jar or unit"
rm "$root/etc/systemd/system/magpie.service"
systemd/install.sh --setup-only --root "$root" > /dev/null
[[ ! -e $root/etc/systemd/system/magpie.service ]] || fail "--setup-only installed the unit"

echo "test-install: OK"
