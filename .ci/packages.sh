# Sourced by .ci/run after the virtualenv is installed: Debian packages the code uses as data,
# and the files built from them. Usable by hand too:  source .ci/packages.sh
# The dictionaries copy detection translates with (see docs/copies.md for each licence):
# trans-de-en (Ding, German), and the FreeDict X->English ones; for Bulgarian and Russian only
# English->X exists, which `quelle setup-data` reads backwards.
QUELLE_DICTIONARIES="trans-de-en dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-ita-eng
  dict-freedict-por-eng dict-freedict-pol-eng dict-freedict-ces-eng dict-freedict-nld-eng
  dict-freedict-hrv-eng dict-freedict-srp-eng dict-freedict-tur-eng dict-freedict-ell-eng
  dict-freedict-ara-eng dict-freedict-eng-bul dict-freedict-eng-rus"
missing_packages=""
for package in $QUELLE_DICTIONARIES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing_packages="$missing_packages $package"
done
if [ -n "$missing_packages" ]; then
  echo "packages: installing$missing_packages (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing_packages >&2
fi
# the one command that builds the lexicons, for CI and users alike
.venv/bin/quelle setup-data

# chromium + chromium-driver: the browser tests (tests/test_web_browser.py) drive Debian's headless
# Chromium through Selenium with the system driver; nothing downloads a browser.
if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  echo "packages: installing chromium and chromium-driver (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium chromium-driver >&2
fi
