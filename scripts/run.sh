#!/usr/bin/env bash
# Starts the action server and then the Rasa server (mode "server") or a terminal chat
# (mode "shell"). Ctrl-C stops both. Ports come from RUGPOLI_RASA_PORT / RUGPOLI_ACTIONS_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-server}"
rasa_port="${RUGPOLI_RASA_PORT:-5005}"
actions_port="${RUGPOLI_ACTIONS_PORT:-5055}"
model="${RUGPOLI_MODEL:-models/rugpoli.tar.gz}"
bin=.venv/bin
mkdir -p var/log
endpoints=endpoints.yml
if [ "$actions_port" != 5055 ]; then
  endpoints=var/endpoints.yml
  sed "s#localhost:5055/#localhost:$actions_port/#" endpoints.yml > "$endpoints"
fi

"$bin/rasa" run actions --actions actions --port "$actions_port" > var/log/actions.log 2>&1 &
actions_pid=$!
widget_pid=""
stop() {
  kill "$actions_pid" $widget_pid 2>/dev/null || true
  wait "$actions_pid" $widget_pid 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 120); do
  if "$bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://localhost:$actions_port/health', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then
    echo "The action server did not start; see var/log/actions.log" >&2
    tail -n 20 var/log/actions.log >&2
    exit 1
  fi
  sleep 0.5
done

# Rasa's HTTP API (/model, /conversations, ...) is opened only with an auth token from the
# environment; without RASA_AUTH_TOKEN only the chat channels listen.
api_args=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi
# Browsers may call the assistant only from these origins (space-separated); by default the
# demo page that make run serves.
widget_port="${RUGPOLI_WIDGET_PORT:-8080}"
read -r -a origins <<< "${RUGPOLI_CORS_ORIGINS:-http://localhost:$widget_port http://127.0.0.1:$widget_port}"
api_args+=(--cors "${origins[@]}")

if [ "$mode" = shell ]; then
  echo "Chat with the assistant (type /stop to end). Action server log: var/log/actions.log"
  "$bin/rasa" shell --model "$model" --endpoints "$endpoints" --log-file var/log/rasa.log 2> >(grep -v -E "^(WARNING|INFO)|tensorflow|DeprecationWarning" >&2)
else
  # The demo hospital page with the chat widget (widget/dist, built by make widget).
  "$bin/python" -m http.server "$widget_port" --bind 127.0.0.1 --directory widget/dist \
    > var/log/widget.log 2>&1 &
  widget_pid=$!
  echo "Starting the assistant (log: var/log/rasa.log)..."
  echo "  Chat page: http://localhost:$widget_port/?server=http://localhost:$rasa_port"
  echo "  REST:      http://localhost:$rasa_port/webhooks/rest/webhook"
  echo "  socket.io: http://localhost:$rasa_port/socket.io"
  echo "  actions:   http://localhost:$actions_port/webhook"
  echo "Ready when 'Rasa server is up and running' appears below. Ctrl-C stops everything."
  if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
    echo "  HTTP API:  http://localhost:$rasa_port/ (auth token from RASA_AUTH_TOKEN)"
  fi
  "$bin/rasa" run --model "$model" --port "$rasa_port" --credentials credentials.yml \
    --endpoints "$endpoints" --log-file var/log/rasa.log "${api_args[@]}" 2>&1 | grep --line-buffered -E "Rasa server is up|ERROR|Error" || true
fi
