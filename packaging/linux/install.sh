#!/bin/sh
# Install (or upgrade) the one-folder build on a Linux workstation, as root:
#     sudo packaging/linux/install.sh [BUILD_FOLDER]        # default: dist/stride-clinic
#     sudo packaging/linux/install.sh --uninstall
# Puts the program in /opt/stride-clinic, a menu entry in /usr/share/applications, the icon in
# the hicolor theme and a `stride-clinic` command in /usr/local/bin. User data (database,
# settings, logs) lives in each user's home folder and is never touched.
set -eu

PREFIX=/opt/stride-clinic
HERE=$(cd "$(dirname "$0")" && pwd)
PACKAGING=$(dirname "$HERE")
DESKTOP=/usr/share/applications/stride-clinic.desktop
ICON_PNG=/usr/share/icons/hicolor/256x256/apps/stride-clinic.png
ICON_SVG=/usr/share/icons/hicolor/scalable/apps/stride-clinic.svg
COMMAND=/usr/local/bin/stride-clinic

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
    fi
}

if [ "$(id -u)" -ne 0 ]; then
    echo "Run as root: sudo $0 $*" >&2
    exit 1
fi

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX"
    rm -f "$DESKTOP" "$ICON_PNG" "$ICON_SVG"
    if [ -L "$COMMAND" ]; then rm -f "$COMMAND"; fi
    refresh_caches
    echo "Stride Clinic removed. Users' databases, settings and logs were left in their home folders."
    exit 0
fi

BUILD=${1:-$(dirname "$PACKAGING")/dist/stride-clinic}
if [ ! -x "$BUILD/stride-clinic" ] || [ ! -d "$BUILD/_internal" ]; then
    echo "No build found in $BUILD (expected stride-clinic and _internal/). Run 'make package' first." >&2
    exit 1
fi

# Copy beside the old version, then swap, so an upgrade never mixes files of two versions.
rm -rf "$PREFIX.new" "$PREFIX.old"
cp -a "$BUILD" "$PREFIX.new"
chown -R root:root "$PREFIX.new"
chmod -R u=rwX,go=rX "$PREFIX.new"
if [ -e "$PREFIX" ]; then mv "$PREFIX" "$PREFIX.old"; fi
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"

install -D -m 644 "$PACKAGING/stride-clinic.desktop" "$DESKTOP"
install -D -m 644 "$PACKAGING/icons/stride-clinic.png" "$ICON_PNG"
install -D -m 644 "$PREFIX/_internal/resources/icons/app.svg" "$ICON_SVG"
ln -sfn "$PREFIX/stride-clinic" "$COMMAND"
refresh_caches

# Qt's X11 plugin needs a few libraries; the build bundles them when its machine had them.
missing=$(LD_LIBRARY_PATH="$PREFIX/_internal" ldd "$PREFIX/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" 2>/dev/null \
          | awk '/not found/ { printf "%s ", $1 }' || true)
if [ -n "$missing" ]; then
    echo "Note: the X11 window plugin cannot find: $missing"
    echo "On Debian/Ubuntu: sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
fi

echo "Installed Stride Clinic $("$PREFIX/stride-clinic" --version 2>/dev/null | awk '{ print $NF }') in $PREFIX."
