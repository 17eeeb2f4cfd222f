#!/usr/bin/env bash
# Installs the built bridge as a systemd service, or upgrades an installed one. See systemd/README.md.
#   systemd/install.sh [--root DIR] [--jar FILE]
#     --root DIR   install into DIR instead of / (a scratch root, an image being built); default /
#     --jar FILE   the built jar, with its libs/ folder next to it; default bridge/target/scim-bridge.jar (mvn package)
# Files under /etc are configuration: a file the administrator edited is left alone and the new default is written
# next to it as FILE.dist; an unedited file (equal to the default this script installed last time) is updated.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
root=/
jar="$here/bridge/target/scim-bridge.jar"
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root=${2:?--root needs a folder}; shift 2 ;;
        --jar) jar=${2:?--jar needs a file}; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
root=$(readlink -f "$root")
libs="$(dirname "$jar")/libs"
if [ ! -f "$jar" ] || [ ! -d "$libs" ]; then
    echo "install.sh: $jar and its libs/ folder are missing: build them first with mvn package" >&2
    exit 1
fi
for tool in systemd-sysusers systemd-tmpfiles; do
    command -v "$tool" >/dev/null || { echo "install.sh: $tool is missing: apt-get install systemd" >&2; exit 1; }
done

user=scim-bridge
lib="$root/usr/lib/scim-bridge"       # program files; replaced on every install
defaults="$lib/defaults"              # the configuration defaults installed last time, to tell edited files apart
etc="$root/etc/scim-bridge"
as_root=false
[ "$(id -u)" -eq 0 ] && as_root=true

# The service user, from sysusers.d(5) as at boot; --root makes both tools use DIR/etc/passwd and DIR/etc/group.
install -d -m 0755 "$root/etc"
install -D -m 0644 "$here/systemd/scim-bridge.sysusers" "$root/usr/lib/sysusers.d/scim-bridge.conf"
install -D -m 0644 "$here/systemd/scim-bridge.tmpfiles" "$root/usr/lib/tmpfiles.d/scim-bridge.conf"
systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/scim-bridge.conf"
uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$root/etc/passwd")
gid=$(awk -F: -v g="$user" '$1 == g { print $3 }' "$root/etc/group")
# The state and log folders, owned by the service user (0750); only root may give files away.
if [ "$as_root" = true ]; then
    systemd-tmpfiles --root="$root" --create "$root/usr/lib/tmpfiles.d/scim-bridge.conf"
else
    install -d -m 0750 "$root/var/lib/scim-bridge" "$root/var/log/scim-bridge"
fi

# Program: jar, libs (replaced whole, so an upgrade leaves no stale versions behind), launcher with Java discovery.
install -d -m 0755 "$lib" "$lib/bin" "$defaults" "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/usr/share/doc/scim-bridge"
rm -rf "$lib/libs.new"
install -d -m 0755 "$lib/libs.new"
install -m 0644 "$libs"/*.jar "$lib/libs.new/"
rm -rf "$lib/libs"
mv "$lib/libs.new" "$lib/libs"
install -m 0644 "$jar" "$lib/scim-bridge.jar"
install -m 0755 "$here/scim-bridge" "$lib/scim-bridge"
install -m 0644 "$here/bin/jdk.sh" "$lib/bin/jdk.sh"
ln -sfn ../lib/scim-bridge/scim-bridge "$root/usr/bin/scim-bridge"
install -m 0644 "$here/systemd/scim-bridge.service" "$root/usr/lib/systemd/system/scim-bridge.service"
install -m 0644 "$here/README.md" "$root/usr/share/doc/scim-bridge/README.md"
install -m 0644 "$here/config/README.md" "$root/usr/share/doc/scim-bridge/config.md"
install -m 0644 "$here/systemd/README.md" "$root/usr/share/doc/scim-bridge/install.md"

# Configuration. bridge.yaml is the example config with the bind password taken from the systemd credential that the
# unit's LoadCredential= provides.
staged=$(mktemp -d)
trap 'rm -rf "$staged"' EXIT
sed -e 's|^  bindPasswordEnv: \(.*\)$|  # bindPasswordEnv: \1|' \
    -e 's|^  # bindPasswordCredential: \(.*\)$|  bindPasswordCredential: \1|' "$here/config/bridge.yaml" > "$staged/bridge.yaml"
if ! grep -q '^  bindPasswordCredential: bind-password' "$staged/bridge.yaml" \
        || grep -q '^  bindPasswordEnv:' "$staged/bridge.yaml"; then
    echo "install.sh: config/bridge.yaml no longer has the bindPasswordEnv/bindPasswordCredential lines this script edits" >&2
    exit 1
fi

# Installs $1 as $2 with mode $3 and group $4 unless the administrator edited $2 (see the header).
install_config() {
    local source=$1 target=$2 mode=$3 group=$4 pristine
    pristine="$defaults/$(basename "$(dirname "$target")")-$(basename "$target")"
    if [ ! -e "$target" ] || cmp -s "$target" "$pristine"; then
        install -m "$mode" "$source" "$target"
        rm -f "$target.dist"
    elif cmp -s "$target" "$source"; then
        rm -f "$target.dist"
    else
        install -m "$mode" "$source" "$target.dist"
        echo "install.sh: kept your edited $target; the new default is $target.dist" >&2
        if [ "$as_root" = true ]; then
            chown "0:$group" "$target.dist"
        fi
    fi
    if [ "$as_root" = true ] && [ ! -L "$target" ]; then
        chown "0:$group" "$target"
        chmod "$mode" "$target"
    fi
    install -m 0644 "$source" "$pristine"
}

install -d -m 0750 "$etc"
install -d -m 0755 "$root/etc/default"
install_config "$staged/bridge.yaml" "$etc/bridge.yaml" 0640 "$gid"
for file in tokens.yaml openldap.yaml 389ds.yaml active-directory.yaml apacheds.yaml; do
    install_config "$here/config/$file" "$etc/$file" 0640 "$gid"
done
install_config "$here/systemd/scim-bridge.env" "$root/etc/default/scim-bridge" 0644 0
if [ "$as_root" = true ]; then
    chown "0:$gid" "$etc"
    # tmpfiles created them already when the user existed; repeat in case they predate the user.
    chown "$uid:$gid" "$root/var/lib/scim-bridge" "$root/var/log/scim-bridge"
else
    echo "install.sh: not running as root: files belong to $(id -un), not root:$user; fix with chown before starting" >&2
fi

if [ "$root" = / ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
cat <<DONE
Installed scim-bridge into $root.
Next: put the bind password into /etc/scim-bridge/bind-password (root:root, 0600), edit /etc/scim-bridge/bridge.yaml
and tokens.yaml, then: scim-bridge check --config /etc/scim-bridge/bridge.yaml; systemctl enable --now scim-bridge
(after an upgrade: systemctl restart scim-bridge).
DONE
