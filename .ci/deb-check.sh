#!/usr/bin/env bash
# Checks the .deb packages that `mvn package` builds (daemon/target/magpie_<version>_{amd64,arm64}.deb):
# file layout and modes, control fields, the conffile, the maintainer scripts' syntax, and that each package
# carries the jar for its own CPU. Runs lintian when it is installed and prints its findings (not fatal yet:
# no changelog or copyright file is shipped).
#
#   .ci/deb-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }
shopt -s nullglob

for arch in amd64 arm64; do
    debs=(daemon/target/magpie_*_"$arch".deb)
    [[ ${#debs[@]} == 1 ]] || fail "expected one daemon/target/magpie_*_$arch.deb (build with mvn -B package), found ${#debs[@]}"
    deb=${debs[0]}
    echo "== $deb ($(du -h "$deb" | cut -f1))"
    dpkg-deb -I "$deb"
    listing=$(dpkg-deb -c "$deb")
    echo "$listing"
    expect() { # mode path
        grep -Eq "^$1 root/root +[0-9]+ .* \\./${2#/}\$" <<<"$listing" || fail "$deb: no $2 with mode $1"
    }
    expect -rw-r--r-- /usr/lib/magpie/magpie.jar
    expect -rwxr-xr-x /usr/lib/magpie/install.sh
    expect -rw-r--r-- /lib/systemd/system/magpie.service
    expect -rw-r----- /etc/magpie/magpie.yaml
    [[ $(dpkg-deb -f "$deb" Architecture) == "$arch" ]] || fail "$deb: Architecture is not $arch"
    [[ $(dpkg-deb -f "$deb" Depends) == "openjdk-17-jre-headless | java17-runtime-headless" ]] \
        || fail "$deb: Depends is $(dpkg-deb -f "$deb" Depends)"
    control=$(mktemp -d)
    dpkg-deb -e "$deb" "$control"
    [[ $(cat "$control/conffiles") == /etc/magpie/magpie.yaml ]] || fail "$deb: conffiles is $(cat "$control/conffiles")"
    for script in postinst prerm postrm; do
        sh -n "$control/$script" || fail "$deb: $script has a syntax error"
    done
    grep -q -- "--setup-only" "$control/postinst" || fail "$deb: postinst does not run install.sh --setup-only"
    rm -rf "$control"

    # The jar inside is the one for this CPU: ONNX Runtime natives for it and not the other.
    data=$(mktemp -d)
    dpkg-deb -x "$deb" "$data"
    natives=$(unzip -l "$data/usr/lib/magpie/magpie.jar" 'ai/onnxruntime/native/*' | awk '{print $4}')
    rm -rf "$data"
    case $arch in
        amd64) own=linux-x64; other=linux-aarch64 ;;
        arm64) own=linux-aarch64; other=linux-x64 ;;
    esac
    grep -q "native/$own/" <<<"$natives" || fail "$deb: jar has no ONNX Runtime natives for $own"
    grep -q "native/$other/" <<<"$natives" && fail "$deb: jar carries ONNX Runtime natives for $other"

    if command -v lintian >/dev/null; then
        echo "-- lintian (informational)"
        lintian --tag-display-limit 0 "$deb" || true
    fi
done
echo "deb-check: OK"
