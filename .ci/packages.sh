# Sourced by .ci/run after the virtualenv is installed: Debian packages the code uses as data,
# and the files built from them. Usable by hand too:  source .ci/packages.sh
# The dictionaries copy detection translates with: one package a line in deploy/debian-dictionaries.txt
# (the Dockerfile reads the same list).
QUELLE_DICTIONARIES=$(grep -v '^#' deploy/debian-dictionaries.txt | tr '\n' ' ')
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
