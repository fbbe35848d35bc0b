#!/usr/bin/env bash
# Install the Debian packages chiso needs outside Python, only if something is missing.
#   chromium            browser tests (Playwright drives Debian's build; no `playwright install`)
#   fonts-dejavu-core   Vietnamese glyphs in the browser and, later, in PDFs
#   libmagic1           upload content sniffing (python-magic)
#   libpango*           WeasyPrint PDF rendering
#   libreoffice-*-nogui tests open the generated .docx/.xlsx in LibreOffice headless
set -euo pipefail

PACKAGES=(chromium fonts-dejavu-core libmagic1 libpango-1.0-0 libpangoft2-1.0-0
          libreoffice-writer-nogui libreoffice-calc-nogui)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# The package can be installed while the binary is not where the tests look for it.
if [[ ! -x /usr/bin/chromium ]] && [[ ! " ${missing[*]} " == *" chromium "* ]]; then
    missing+=(chromium)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system-deps: all present (${PACKAGES[*]})"
    exit 0
fi

echo "system-deps: missing: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "system-deps: ERROR: not root; install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "system-deps: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
echo "system-deps: installed ${missing[*]}"
