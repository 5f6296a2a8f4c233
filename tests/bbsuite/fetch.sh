#!/usr/bin/env bash
# Fetches and unpacks Debian's busybox source package: `fetch.sh CACHE-DIR` prints the unpacked
# tree (CACHE-DIR/busybox-VERSION, Debian's patches applied). apt-get runs under a private apt
# configuration in CACHE-DIR/apt: the host's own package sources (/etc/apt/sources.list and
# /etc/apt/sources.list.d, one-line and deb822 styles; sources.list(5)) turned into deb-src
# entries, with their own index lists and cache, so the host's apt setup is read, never changed.
# Downloads are kept in CACHE-DIR/src: a second run needs no network. The version fetched is the
# source of the installed busybox-static where the archive still has it, else the archive's own.
set -eu
cache=$1
apt=$cache/apt
downloads=$cache/src
log=$cache/fetch.log
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$downloads"

apt_get() {
    # As root apt would switch to the _apt user, who cannot write into this cache.
    apt-get -q -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d" \
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root "$@"
}

# One-line entries: "deb" lines become "deb-src" lines, deb-src lines stay, each once.
source_lines() {
    awk '{ sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "") }
         /^deb-src[ \t]/ { line = $0 }
         /^deb([ \t]|\[)/ { line = "deb-src" substr($0, 4) }
         line != "" && !seen[line]++ { print line }
         { line = "" }' "$1"
}

# deb822 stanzas: "Types: deb-src" where the types name deb or deb-src; other stanzas dropped.
source_stanzas() {
    awk 'BEGIN { RS = ""; FS = "\n" }
         {
             out = ""; keep = 0
             for (i = 1; i <= NF; i++) {
                 if (tolower($i) ~ /^types[ \t]*:/) {
                     types = $i; sub(/^[^:]*:/, "", types)
                     if ((" " types " ") ~ /[ \t]deb(-src)?[ \t]/) { keep = 1; out = out "Types: deb-src\n" }
                 } else {
                     out = out $i "\n"
                 }
             }
             if (keep) { printf "%s%s", (n++ ? "\n" : ""), out }
         }' "$1"
}

indexes_present() {
    compgen -G "$apt/lists/*_Sources*" > /dev/null
}

update_indexes() {
    rm -f "$apt/sources.list.d"/*
    : > "$apt/sources.list"
    [ -f /etc/apt/sources.list ] && source_lines /etc/apt/sources.list > "$apt/sources.list"
    local part
    for part in /etc/apt/sources.list.d/*; do
        # apt reads only these two extensions from sources.list.d (sources.list(5)).
        case $part in
            *.list) source_lines "$part" > "$apt/sources.list.d/$(basename "$part")" ;;
            *.sources) source_stanzas "$part" > "$apt/sources.list.d/$(basename "$part")" ;;
        esac
    done
    find "$apt/sources.list.d" -type f -empty -delete
    if [ ! -s "$apt/sources.list" ] && [ -z "$(ls -A "$apt/sources.list.d")" ]; then
        echo "the host has no apt package sources to fetch Debian source packages from" >&2
        return 1
    fi
    apt_get update >> "$log" 2>&1
}

# The archive's file names carry no epoch: source 1:1.35.0-4+deb12u1 is busybox_1.35.0-4+deb12u1.dsc.
installed=$(dpkg-query -W -f='${source:Version}' busybox-static 2> /dev/null || true)
version=${installed#*:}
if [ -n "$installed" ] && [ -d "$cache/busybox-$version" ]; then
    echo "$cache/busybox-$version"
    exit 0
fi
if [ -z "$installed" ] || [ ! -f "$downloads/busybox_$version.dsc" ]; then
    updated=
    indexes_present || { update_indexes; updated=1; }
    download_installed() {
        [ -n "$installed" ] && (cd "$downloads" && apt_get source --download-only --only-source "busybox=$installed" >> "$log" 2>&1)
    }
    # Indexes from an earlier run may predate the installed version: refreshed once before giving up on it.
    if ! download_installed && { [ -n "$updated" ] || ! update_indexes || ! download_installed; }; then
        # The installed version is gone from the archive (or busybox-static is missing): take the archive's.
        version=$(apt_get source --print-uris --only-source busybox 2>> "$log" | sed -n "s/^'[^']*' busybox_\(.*\)\.dsc .*/\1/p" | head -n 1)
        if [ -z "$version" ] || ! (cd "$downloads" && apt_get source --download-only --only-source busybox >> "$log" 2>&1); then
            echo "apt-get source found no busybox source package (see $log)" >&2
            exit 1
        fi
        echo "bbsuite: the busybox source ${installed:-of busybox-static} is not in the archive; using $version" >&2
    fi
fi
tree=$cache/busybox-$version
[ -d "$tree" ] && { echo "$tree"; exit 0; }
rm -rf "$tree.partial"
dpkg-source -x --no-copy "$downloads/busybox_$version.dsc" "$tree.partial" >> "$log" 2>&1
mv "$tree.partial" "$tree"
echo "$tree"
