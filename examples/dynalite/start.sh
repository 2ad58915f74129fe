# Sourced by the examples' ./run scripts (bash): start_dynalite installs dynalite into this
# directory if it is missing (npm ci), starts it in memory on a free loopback port and sets
# DYNALITE_ENDPOINT to its URL. It keeps running while this shell, or the program it execs into,
# holds descriptor 9, the other end of dynalite's standard input: it stops when that program ends.

start_dynalite() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  command -v node >/dev/null || { echo "dynalite needs Node.js (node) on the PATH" >&2; return 1; }
  if [[ ! -d "$dir/node_modules/dynalite" ]]; then
    echo "Installing dynalite into $dir (npm ci)..." >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  local fifo
  fifo="$(mktemp -u "${TMPDIR:-/tmp}/dynalite.XXXXXX")"
  mkfifo -m 600 "$fifo"
  # node's standard output is the fifo, read once for the URL; its standard input is a pipe
  # whose write end is descriptor 9 here.
  exec 9> >(exec node "$dir/serve.mjs" >"$fifo")
  read -r DYNALITE_ENDPOINT <"$fifo" || true
  rm -f "$fifo"
  if [[ "$DYNALITE_ENDPOINT" != http://* ]]; then
    echo "dynalite did not start" >&2
    return 1
  fi
  echo "dynalite (DynamoDB in memory) on $DYNALITE_ENDPOINT" >&2
}
