# Sourced by .ci/run: a plain install (`pip install .`, no dev extras, the new venv's own pip) into a
# second venv must give a working `quelle analyze`, `quelle ingest` and `quelle serve`, so nothing
# these import may live only in [dev].
_quelle_plain=$(mktemp -d /tmp/quelle-plain.XXXXXX)
python3 -m venv "$_quelle_plain/venv"
"$_quelle_plain/venv/bin/pip" install -q . >"$_quelle_plain/pip.log" 2>&1 \
  || { tail -n 20 "$_quelle_plain/pip.log" >&2; echo "CI: plain install failed" >&2; return 1; }
_quelle_q="$_quelle_plain/venv/bin/quelle"
_quelle_seed=../shared/samples/000_94a5e4ef7fbe2b37.txt
(cd "$_quelle_plain" && "$_quelle_q" analyze --json "$OLDPWD/$_quelle_seed" >analyze.json) \
  || { echo "CI: plain install: quelle analyze failed" >&2; return 1; }
(cd "$_quelle_plain" && "$_quelle_q" ingest --db "$_quelle_plain/plain.db" "$OLDPWD/$_quelle_seed" >ingest.log 2>&1) \
  || { cat "$_quelle_plain/ingest.log" >&2; echo "CI: plain install: quelle ingest failed" >&2; return 1; }
_quelle_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$_quelle_plain" && exec "$_quelle_q" serve --db "$_quelle_plain/plain.db" --host 127.0.0.1 --port "$_quelle_port" \
  >serve.log 2>&1) &
_quelle_serve_pid=$!
_quelle_served=""
for _ in $(seq 1 60); do
  if python3 -c "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:$_quelle_port/api/stats', timeout=2); sys.exit(0 if r.status == 200 else 1)" 2>/dev/null; then
    _quelle_served=yes
    break
  fi
  kill -0 "$_quelle_serve_pid" 2>/dev/null || break
  sleep 1
done
kill "$_quelle_serve_pid" 2>/dev/null || true
wait "$_quelle_serve_pid" 2>/dev/null || true
if [ -z "$_quelle_served" ]; then
  cat "$_quelle_plain/serve.log" >&2
  echo "CI: plain install: quelle serve did not answer /api/stats" >&2
  return 1
fi
echo "CI: plain install (pip install ., no extras): analyze, ingest and serve work" >&2
rm -rf "$_quelle_plain"
unset _quelle_plain _quelle_q _quelle_seed _quelle_port _quelle_serve_pid _quelle_served
