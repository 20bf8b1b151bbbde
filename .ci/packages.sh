# Sourced by .ci/run after the virtualenv is installed: Debian packages the code uses as data,
# and the files built from them.
# trans-de-en: the Ding German-English dictionary (GPL-2.0-or-later), from which copy detection
# builds its compact German->English lexicon (src/quelle/copies/data/built/de_en.tsv, not committed).
# Usable by hand too:  source .ci/packages.sh
if [ ! -f /usr/share/trans/de-en ]; then
  echo "packages: installing trans-de-en (Debian package)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq trans-de-en >&2
fi
python3 src/quelle/copies/lexicon_build.py /usr/share/trans/de-en src/quelle/copies/data/built/de_en.tsv

# chromium + chromium-driver: the browser tests (tests/test_web_browser.py) drive Debian's headless
# Chromium through Selenium with the system driver; nothing downloads a browser.
if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  echo "packages: installing chromium and chromium-driver (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium chromium-driver >&2
fi
