#!/usr/bin/env bash
# Scan a running portal on loopback with Debian's wapiti (web pages) and sqlmap (search and filter parameters),
# signed in as a customer and as an agent. A scratch database with the demo data; nothing else is touched.
#   scripts/scan.sh [report-dir]        (default: instance/scan-<date>)
# Prints a summary; exits non-zero when wapiti reports a high finding or sqlmap finds an injection.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FLASK=.venv/bin/flask
REPORTS=${1:-instance/scan-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$REPORTS"
REPORTS=$(cd "$REPORTS" && pwd)
SCAN_SECONDS=${SCAN_SECONDS:-300}
# wapiti's default modules; SCAN_MODULES=sql,xss,... for a quicker pass (blindsql and timesql take longest).
SCAN_MODULES=${SCAN_MODULES:-}

if ! command -v wapiti >/dev/null || ! command -v sqlmap >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q wapiti sqlmap
fi

WORK=$(mktemp -d)
export PORTAL_DATABASE_URL="sqlite:///$WORK/scan.sqlite"
export PORTAL_SEARCH_INDEX_DIR="$WORK/index" PORTAL_UPLOAD_DIR="$WORK/uploads" PORTAL_SMS_FILE="$WORK/sms.jsonl"
export PORTAL_SMS_BACKEND=file PORTAL_SECRET_KEY=scan-$RANDOM$RANDOM
# Scanners send thousands of requests from one address: raise the limits so they reach every page.
export PORTAL_LOGIN_RATE_LIMIT="100000 per minute" PORTAL_CUSTOMER_LOOKUP_RATE_LIMIT="100000 per minute"
export PORTAL_FAQ_ANONYMOUS_VOTE_LIMIT="100000 per minute"
$FLASK --app portal db upgrade >/dev/null
$FLASK --app portal seed-demo >/dev/null
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
$FLASK --app portal run --host 127.0.0.1 --port "$PORT" >"$REPORTS/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs "$BASE/" >/dev/null && break; sleep 0.2; done

# Sessions are bound to the browser (Flask-Login's strong protection): every tool sends this one User-Agent.
UA="pishkhan-scan"

# sign_in <login path> <identifier> -> prints the session cookie
sign_in() {
  local jar="$WORK/jar-$RANDOM"
  local token
  token=$(curl -fs -A "$UA" -c "$jar" "$BASE$1" | grep -o 'name="csrf_token" type="hidden" value="[^"]*"\|name="csrf_token" value="[^"]*"' \
          | head -1 | sed 's/.*value="//; s/"$//')
  curl -fs -A "$UA" -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf_token=$token" \
       --data-urlencode "identifier=$2" --data-urlencode "password=pishkhan-demo" "$BASE$1"
  awk '$6 == "session" {print $7}' "$jar"
}

CUSTOMER=$(sign_in /auth/login 09121234567)
AGENT=$(sign_in /admin/login agent@pishkhan.test)
[ -n "$CUSTOMER" ] && [ -n "$AGENT" ] || { echo "could not sign in" >&2; exit 2; }

for who in customer agent; do
  cookie=$([ $who = customer ] && echo "$CUSTOMER" || echo "$AGENT")
  start=$([ $who = customer ] && echo "$BASE/tickets/" || echo "$BASE/admin/")
  # No -x exclusions: Debian's wapiti 3.0.4 fails on them with Python 3.11. Sign-out is a POST with a CSRF
  # token, so the crawler cannot end its own session.
  wapiti -u "$BASE/" -s "$start" -H "Cookie: session=$cookie" -A "$UA" --scope folder \
         ${SCAN_MODULES:+-m "$SCAN_MODULES"} --max-scan-time "$SCAN_SECONDS" --flush-session -f json -o "$REPORTS/wapiti-$who.json" \
         >"$REPORTS/wapiti-$who.log" 2>&1 || true
done

sqlmap_run() {  # name cookie url param
  sqlmap -u "$3" --cookie "session=$2" -p "$4" --batch --level 2 --risk 1 --user-agent "$UA" \
         --output-dir "$REPORTS/sqlmap-$1" >"$REPORTS/sqlmap-$1.log" 2>&1 || true
}
sqlmap_run faq-search "$CUSTOMER" "$BASE/faq/search?q=modem" q
sqlmap_run faq-suggest "$CUSTOMER" "$BASE/faq/suggest?q=modem" q
sqlmap_run customer-tickets "$CUSTOMER" "$BASE/tickets/?status=open&page=1" status,page
sqlmap_run customer-search "$AGENT" "$BASE/admin/customers/search.json?q=zahra&page=1" q,page
sqlmap_run customer-list "$AGENT" "$BASE/admin/customers/?q=zahra&page=1" q,page
sqlmap_run queue "$AGENT" "$BASE/admin/tickets/?status=open&priority=high&q=net&page=1" status,priority,q,page
sqlmap_run ticket-search "$AGENT" "$BASE/admin/search?q=modem" q

$PY - "$REPORTS" <<'PYEOF'
import json, pathlib, re, sys
reports = pathlib.Path(sys.argv[1])
high = 0
for path in sorted(reports.glob("wapiti-*.json")):
    data = json.loads(path.read_text())
    print(f"{path.name}: ", end="")
    found = []
    for section in ("vulnerabilities", "anomalies"):
        for name, items in data.get(section, {}).items():
            for item in items:
                found.append((section, name, item.get("level"), item.get("method"), item.get("path"), item.get("info", "")[:120]))
    print(f"{len(found)} finding(s)")
    for section, name, level, method, url, info in found:
        print(f"  [{section} level {level}] {name}: {method} {url} {info}")
        if section == "vulnerabilities" and level in (3, 4):
            high += 1
for log in sorted(reports.glob("sqlmap-*.log")):
    text = log.read_text(errors="replace")
    injectable = re.findall(r"parameter '([^']+)' (?:is|appears to be) .*injectable", text)
    print(f"{log.name}: {'INJECTABLE ' + ', '.join(injectable) if injectable else 'no injection found'}")
    high += bool(injectable)
print(f"high findings: {high}")
sys.exit(1 if high else 0)
PYEOF
