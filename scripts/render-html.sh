#!/usr/bin/env bash
# Renders an HTML page (a task list or the leaders' index from `playbook report`) to PNG with
# headless Chromium, at a laptop's width and a phone's, to check how it reads on both:
#
#   scripts/render-html.sh reports/ana-ruiz.html /tmp/shots
#   -> /tmp/shots/ana-ruiz-desktop.png (1280 px wide), /tmp/shots/ana-ruiz-phone.png (390 px wide)
#
# Chromium's command-line screenshot is the window, not the whole page, so the windows are tall
# (DESKTOP_HEIGHT, PHONE_HEIGHT; raise them for long lists); below the page's end is background.
# Needs the Debian package `chromium` (apt-get install -y chromium). Offline: the pages load
# nothing, and networking is switched off anyway.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 FILE.html OUTDIR" >&2
    exit 2
fi
file=$1
outdir=$2
[ -f "$file" ] || { echo "error: $file: no such file" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: headless Chromium not found; install it with: apt-get install -y chromium" >&2
    exit 1
fi
mkdir -p "$outdir"
abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
name=$(basename "$file" .html)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shot() { # width height output
    # --no-sandbox: CI and containers run as root, where Chromium's sandbox cannot start.
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$profile" --proxy-server='127.0.0.1:9' --proxy-bypass-list='<-loopback>' \
        --force-device-scale-factor=1 --window-size="$1,$2" --screenshot="$3" "file://$abs" >/dev/null 2>&1
    [ -s "$3" ] || { echo "error: Chromium wrote no screenshot to $3" >&2; exit 1; }
    echo "$3"
}

shot 1280 "${DESKTOP_HEIGHT:-2400}" "$outdir/$name-desktop.png"
shot 390 "${PHONE_HEIGHT:-4800}" "$outdir/$name-phone.png"
