#!/usr/bin/env bash
# Runs the aarch64 jar under qemu user-mode emulation, once as a Raspberry Pi 4 (Cortex-A72, ARMv8.0:
# no int8 dot product) and once as a Pi 5 (Cortex-A76, ARMv8.2: asimddp), with an arm64 Debian JRE.
#
#   .ci/arm64-smoke.sh doctor
#   .ci/arm64-smoke.sh predict ../shared/models/samples/hot_dog.jpg
#
# Arguments are passed to `java -jar magpie-linux-aarch64.jar`. Run from the repository root after
# `mvn -B verify` (or package) has built daemon/target/magpie-linux-aarch64.jar. Needs root and apt.
#
# Nothing is fetched outside apt: the JRE and the libraries it and the jar's natives link against are
# arm64 .debs (`apt-get download`), unpacked with `dpkg -x` into a sysroot that is kept between runs
# (cache $MAGPIE_ARM64_SYSROOT between CI jobs to skip ~50 MB of downloads and ~10 s).
#
# Environment (all optional):
#   MAGPIE_ARM64_SYSROOT    sysroot folder               default /opt/magpie-arm64-sysroot
#   MAGPIE_ARM64_JAR        jar to run                   default daemon/target/magpie-linux-aarch64.jar
#   MAGPIE_ARM64_CPUS       qemu -cpu models, in order   default "cortex-a72 cortex-a76"
#   MAGPIE_ARM64_JAVA_OPTS  extra JVM flags              default "-XX:TieredStopAtLevel=1"
#   MAGPIE_ARM64_TIMEOUT_S  limit per CPU run            default 600
set -euo pipefail

SYSROOT=${MAGPIE_ARM64_SYSROOT:-/opt/magpie-arm64-sysroot}
JAR=${MAGPIE_ARM64_JAR:-daemon/target/magpie-linux-aarch64.jar}
CPUS=${MAGPIE_ARM64_CPUS:-cortex-a72 cortex-a76}
# C1 only: the JIT's C2 compiles cost more emulated time than they save in a short-lived command.
JAVA_OPTS=${MAGPIE_ARM64_JAVA_OPTS:--XX:TieredStopAtLevel=1}
TIMEOUT_S=${MAGPIE_ARM64_TIMEOUT_S:-600}
JAVA_HOME_IN_SYSROOT=/usr/lib/jvm/java-17-openjdk-arm64

# The JRE without its Depends (cups, fontconfig, nss, harfbuzz, ... serve AWT, printing and PKCS#11,
# which a headless daemon never loads) plus the base libraries the JVM and the jar's natives link against.
# Their Depends closure is added below with apt-cache; check_sonames proves the set is enough.
JRE_PACKAGE=openjdk-17-jre-headless:arm64
BASE_PACKAGES=(libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 zlib1g:arm64)
STAMP_VERSION=1

log() { printf 'arm64-smoke: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $# -gt 0 ]] || die "usage: $0 MAGPIE-ARGS...  (for example: $0 doctor)"
[[ -f $JAR ]] || die "$JAR not found; build it first with: mvn -B verify (or mvn -B -DskipTests package)"

apt_updated=${MAGPIE_APT_UPDATED:-0}   # .ci/run exports 1 after its own update
apt_update_once() {
    if [[ $apt_updated == 0 ]]; then
        apt-get update -qq
        apt_updated=1
    fi
}

ensure_host_tools() {
    local missing=()
    command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
    command -v readelf >/dev/null || missing+=(binutils)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]}"
        apt_update_once
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # binfmt_misc is not needed: qemu is invoked explicitly, which also works in unprivileged containers
    # where binfmt_misc cannot be mounted. The JVM is told to fork (not to exec its arm64 jspawnhelper)
    # so that subprocesses a command may start still run (as host binaries).
}

# Prints the sonames ELF file $1 links against.
elf_needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
# Prints the highest symbol version tag $2 (GLIBC, GLIBCXX) that ELF file $1 needs or defines, e.g. 2.27.
elf_max_version() { readelf -V "$1" | { grep -oE "\b$2_[0-9]+(\.[0-9]+)+" || true; } | sed "s/^$2_//" | sort -uV | tail -1; }
version_le() { [[ $(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1) == "$1" ]]; }

# Fails unless every library the JVM core and every native in the jar link against is in the sysroot,
# and the sysroot's glibc and libstdc++ are at least as new as any of them asks for
# (ORT 1.23.2 and OpenCV 4.9.0 for aarch64 ask for GLIBC 2.27 and GLIBCXX 3.4.22; bookworm has 2.36 / 3.4.30).
check_sonames() {
    local root=$1 natives_dir=$2 f so ok=1 tag have need
    declare -A provided=(
        [GLIBC]=$(elf_max_version "$root/lib/aarch64-linux-gnu/libc.so.6" GLIBC)
        [GLIBCXX]=$(elf_max_version "$root/usr/lib/aarch64-linux-gnu/libstdc++.so.6" GLIBCXX)
    )
    local files=("$root$JAVA_HOME_IN_SYSROOT/bin/java" "$root$JAVA_HOME_IN_SYSROOT/lib/server/libjvm.so")
    for so in libjli libjava libzip libnio libnet libjimage libverify libextnet libmanagement libprefs libsyslookup; do
        files+=("$root$JAVA_HOME_IN_SYSROOT/lib/$so.so")
    done
    # The Java loaders System.load() a jar native's dependencies first (ORT's JNI library needs
    # libonnxruntime.so.1, the SONAME of the libonnxruntime.so beside it), so jar SONAMEs count as present.
    local jar_sonames=" "
    while IFS= read -r -d '' f; do
        files+=("$f")
        jar_sonames+="$(readelf -d "$f" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p') "
    done < <(find "$natives_dir" -name '*.so' -print0)
    for f in "${files[@]}"; do
        for so in $(elf_needed "$f"); do
            if [[ ! -e $root/lib/aarch64-linux-gnu/$so && ! -e $root/usr/lib/aarch64-linux-gnu/$so \
                  && ! -e $root$JAVA_HOME_IN_SYSROOT/lib/$so && ! -e $root$JAVA_HOME_IN_SYSROOT/lib/server/$so \
                  && $jar_sonames != *" $so "* ]]; then
                log "missing in sysroot: $so (needed by ${f#"$root"})"; ok=0
            fi
        done
        for tag in GLIBC GLIBCXX; do
            need=$(elf_max_version "$f" "$tag")
            have=${provided[$tag]}
            if [[ -n $need ]] && ! version_le "$need" "$have"; then
                log "${f#"$root"} needs ${tag}_$need, sysroot has ${tag}_$have"; ok=0
            fi
        done
        [[ $f != "$natives_dir"/* ]] || log "  ${f#"$natives_dir"/} needs GLIBC $(elf_max_version "$f" GLIBC)${need:+, GLIBCXX $need}"
    done
    [[ $ok == 1 ]] || die "sysroot $root is incomplete"
    log "sysroot satisfies the JVM and $(find "$natives_dir" -name '*.so' | wc -l) jar natives (GLIBC ${provided[GLIBC]}, GLIBCXX ${provided[GLIBCXX]})"
}

build_sysroot() {
    local stamp="$SYSROOT/.magpie-sysroot"
    if [[ -f $stamp && $(cat "$stamp") == "$STAMP_VERSION" ]]; then
        log "using cached sysroot $SYSROOT"
        return
    fi
    log "building sysroot $SYSROOT"
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        dpkg --add-architecture arm64
        apt_updated=0
    fi
    apt_update_once
    local packages
    mapfile -t packages < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances "${BASE_PACKAGES[@]}" | grep -E '^[a-z0-9]' | grep ':arm64$' | sort -u)
    packages+=("$JRE_PACKAGE")
    local work; work=$(mktemp -d)
    chmod 777 "$work"   # lets apt's _apt user write there (else apt warns it downloads unsandboxed)
    (cd "$work" && apt-get download -qq "${packages[@]}")
    local tmp="$SYSROOT.tmp"
    rm -rf "$tmp"; mkdir -p "$tmp"
    local deb
    for deb in "$work"/*.deb; do dpkg -x "$deb" "$tmp"; done
    rm -rf "$work"
    # Debian links the JRE's conf files to /etc/java-17-openjdk/... with absolute targets; outside a
    # chroot those would resolve on the host (jvm.cfg -> jvm-arm64.cfg is missing there). Make them relative.
    local link target
    while IFS= read -r -d '' link; do
        target=$(readlink "$link")
        ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$tmp$target")" "$link"
    done < <(find "$tmp" -type l -lname '/*' -print0)
    printf '%s\n' "${packages[@]}" > "$tmp/.magpie-packages"
    rm -rf "$SYSROOT"; mv "$tmp" "$SYSROOT"
    echo "$STAMP_VERSION" > "$stamp"
    log "sysroot ready: $(du -sh "$SYSROOT" | cut -f1), packages: ${packages[*]}"
}

ensure_host_tools
build_sysroot

natives=$(mktemp -d)
trap 'rm -rf "$natives"' EXIT
unzip -q -o "$JAR" '*.so' -d "$natives"
if find "$natives" -name '*.so' -exec sh -c 'readelf -h "$1" | grep -q "Machine:.*X86-64"' _ {} \; -print | grep -q .; then
    die "$JAR contains x86-64 natives; it should hold only aarch64 ones"
fi
check_sonames "$SYSROOT" "$natives"

java_bin="$SYSROOT$JAVA_HOME_IN_SYSROOT/bin/java"
status=0
for cpu in $CPUS; do
    log "[$cpu] java -jar $JAR $*"
    start_ms=$(($(date +%s%N) / 1000000))
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
    if timeout "$TIMEOUT_S" qemu-aarch64-static -cpu "$cpu" -L "$SYSROOT" "$java_bin" \
            $JAVA_OPTS -Djdk.lang.Process.launchMechanism=FORK -jar "$JAR" "$@"; then
        rc=0
    else
        rc=$?
    fi
    elapsed_ms=$(($(date +%s%N) / 1000000 - start_ms))
    log "[$cpu] exit $rc after $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"
    [[ $rc == 0 ]] || status=$rc
done
exit "$status"
