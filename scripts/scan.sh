#!/usr/bin/env bash
# Scan a running portal on loopback with Debian's wapiti (web pages) and sqlmap (search and filter parameters),
# signed in as a customer and as an agent (and with an API token). A scratch database with the demo
# data; nothing else is touched.
#
#   nice scripts/scan.sh [report-dir]        (default: instance/scan-<date>; instance/ is never committed)
#
# Needs: wapiti and sqlmap (Debian: apt-get install wapiti sqlmap), curl, and the project's .venv.
# Time budget (seconds; the whole run is about  2 x (crawl + modules x attack)  alongside the sqlmap runs):
#   SCAN_CRAWL_SECONDS=180   wapiti's crawl, per role           (--max-scan-time)
#   SCAN_ATTACK_SECONDS=120  each wapiti module, per role       (--max-attack-time)
#   SCAN_MODULES=...         wapiti's modules, comma-separated  (default below)
#   SCAN_FILES_PER_DIR=10    pages wapiti explores per folder (one ticket or customer page is much like another)
#   SCAN_ROLES="customer agent"   whose pages wapiti scans
#   SQLMAP_TARGETS=all       or some of: faq-search,faq-suggest,customer-tickets,customer-search,customer-list,
#                            queue,ticket-search,api-tickets,api-customers,api-faq  (none: SQLMAP_TARGETS=none)
#   SQLMAP_SECONDS=300       each sqlmap target, then it is stopped
#   SQLMAP_LEVEL=2 SQLMAP_RISK=1
#   SCAN_DATABASE_URL=...    an empty scratch database (default: SQLite in a temporary directory), e.g. PostgreSQL
#   SCAN_PORT=...            the portal's port on 127.0.0.1 (default: a free one)
# Prints findings by scanner, role and severity; exits 1 when wapiti reports a high finding or sqlmap finds an
# injection, 2 when the portal does not start or sign-in fails, 3 when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FLASK=.venv/bin/flask
REPORTS=${1:-instance/scan-$(date -u +%Y%m%dT%H%M%S)}
SCAN_CRAWL_SECONDS=${SCAN_CRAWL_SECONDS:-180}
SCAN_ATTACK_SECONDS=${SCAN_ATTACK_SECONDS:-120}
SCAN_FILES_PER_DIR=${SCAN_FILES_PER_DIR:-10}
SCAN_ROLES=${SCAN_ROLES:-customer agent}
SQLMAP_TARGETS=${SQLMAP_TARGETS:-all}
# Everything but the brute-force modules (buster, nikto, backup, brute_login_form) and wapp (needs a download).
SCAN_MODULES=${SCAN_MODULES:-xss,permanentxss,sql,blindsql,exec,file,crlf,redirect,ssrf,xxe,csrf,htaccess,methods,shellshock,http_headers,cookieflags,csp}
SQLMAP_SECONDS=${SQLMAP_SECONDS:-300}
SQLMAP_LEVEL=${SQLMAP_LEVEL:-2}
SQLMAP_RISK=${SQLMAP_RISK:-1}

missing=()
for tool in wapiti sqlmap curl timeout; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x "$PY" ] || { echo "scan.sh needs the project's virtualenv in .venv (see README: set-up)" >&2; exit 3; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "scan.sh needs: ${missing[*]}  (Debian/Ubuntu: apt-get install -y wapiti sqlmap curl coreutils)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else exit 3; fi
  echo "installing them with apt-get" >&2
  $SUDO apt-get update -q && $SUDO apt-get install -y -q wapiti sqlmap curl coreutils || exit 3
  for tool in "${missing[@]}"; do command -v "$tool" >/dev/null || { echo "still missing: $tool" >&2; exit 3; }; done
fi
# wapiti 3.0.4 (Debian 12) builds its -x patterns with a trailing "(?ms)" that Python 3.11 refuses; this runs
# it with that one function corrected, so the sign-out and account-changing forms can be left alone.
WAPITI_PY=$(head -1 "$(command -v wapiti)" | sed -n 's/^#!//p'); WAPITI_PY=${WAPITI_PY:-python3}
wapiti_fixed() {
  $WAPITI_PY -c '
import re, sys
from wapitiCore.net import crawler
crawler.wildcard_translate = lambda pattern: re.compile(
    "(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())' "$@"
}

mkdir -p "$REPORTS"
REPORTS=$(cd "$REPORTS" && pwd)
WORK=$(mktemp -d)
export PORTAL_DATABASE_URL=${SCAN_DATABASE_URL:-sqlite:///$WORK/scan.sqlite}
export PORTAL_SEARCH_INDEX_DIR="$WORK/index" PORTAL_UPLOAD_DIR="$WORK/uploads" PORTAL_SMS_FILE="$WORK/sms.jsonl"
export PORTAL_SMS_BACKEND=file PORTAL_SECRET_KEY=scan-$RANDOM$RANDOM$RANDOM
# Scanners send thousands of requests from one address: raise the limits so they reach every page.
MANY="1000000 per minute"
for limit in LOGIN LOGIN_ACCOUNT REGISTER TICKET REPLY RESET RESET_ADDRESS RESET_CODE CONTACT API \
             CUSTOMER_LOOKUP SMS_WEBHOOK; do
  export "PORTAL_${limit}_RATE_LIMIT=$MANY"
done
export PORTAL_FAQ_ANONYMOUS_VOTE_LIMIT="$MANY" PORTAL_BULK_ACCESS_THRESHOLD=100000000
$FLASK --app portal db upgrade >/dev/null 2>"$REPORTS/setup.log"
$FLASK --app portal seed-demo >/dev/null 2>>"$REPORTS/setup.log"
# The demo's agents have no API permission; the administrator's token reaches every API filter.
TOKEN=$($FLASK --app portal create-api-token --email admin@pishkhan.test --name scan 2>>"$REPORTS/setup.log" \
        | grep -o 'pk_[A-Za-z0-9_-]*' | head -1)
PORT=${SCAN_PORT:-$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"
# The production server (gunicorn), several threads so time-based probes do not queue behind each other.
.venv/bin/gunicorn --bind "127.0.0.1:$PORT" --workers 1 --threads 8 --timeout 120 "portal:create_app()" \
  >"$REPORTS/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -fs "$BASE/" >/dev/null && break; sleep 0.2; done
curl -fs "$BASE/" >/dev/null || { echo "the portal did not start; see $REPORTS/server.log" >&2; exit 2; }

# Sessions are bound to the browser: every tool sends this one User-Agent.
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
[ -n "$CUSTOMER" ] && [ -n "$AGENT" ] && [ -n "$TOKEN" ] || { echo "could not sign in" >&2; exit 2; }
signed_in() { curl -s -o /dev/null -w '%{http_code}' -A "$UA" -H "Cookie: session=$1" "$BASE$2"; }

# Forms that would end the scanner's session or change how it signs in.
EXCLUDE=(/auth/logout /admin/logout "/account/sessions/*" /account/password /account/email "/account/mobile*"
         "/admin/two-factor/*" "/api-tokens/*/revoke" "/admin/api-tokens/*/revoke")

wapiti_run() {  # role cookie start-path
  local args=()
  for path in "${EXCLUDE[@]}"; do args+=(-x "$BASE$path"); done
  wapiti_fixed -u "$BASE/" -s "$BASE$3" "${args[@]}" -H "Cookie: session=$2" -A "$UA" --scope folder \
         -m "$SCAN_MODULES" --max-files-per-dir "$SCAN_FILES_PER_DIR" --max-scan-time "$SCAN_CRAWL_SECONDS" --max-attack-time "$SCAN_ATTACK_SECONDS" \
         --flush-session --store-session "$WORK/wapiti-$1" --no-bugreport -f json -o "$REPORTS/wapiti-$1.json" \
         >"$REPORTS/wapiti-$1.log" 2>&1 || echo "wapiti ($1) exited with $?" >>"$REPORTS/wapiti-$1.log"
  echo "wapiti $1 done; still signed in: $(signed_in "$2" "$3")" >>"$REPORTS/progress.log"
}

sqlmap_run() {  # name header url params
  [ "$SQLMAP_TARGETS" = all ] || [[ ",$SQLMAP_TARGETS," == *",$1,"* ]] || return 0
  timeout --signal=INT --kill-after=30 "$SQLMAP_SECONDS" \
    sqlmap -u "$3" -H "$2" -p "$4" --batch --level "$SQLMAP_LEVEL" --risk "$SQLMAP_RISK" --user-agent "$UA" \
           --time-sec 3 --timeout 30 --retries 1 --flush-session --disable-coloring \
           --output-dir "$WORK/sqlmap" >"$REPORTS/sqlmap-$1.log" 2>&1 || echo "sqlmap ended with $?" >>"$REPORTS/sqlmap-$1.log"
  echo "sqlmap $1 done" >>"$REPORTS/progress.log"
}

scan_pages() {
  [[ " $SCAN_ROLES " != *" customer "* ]] || wapiti_run customer "$CUSTOMER" /tickets/
  [[ " $SCAN_ROLES " != *" agent "* ]] || wapiti_run agent "$AGENT" /admin/
}

scan_parameters() {
  local c="Cookie: session=$CUSTOMER" a="Cookie: session=$AGENT" t="Authorization: Bearer $TOKEN"
  sqlmap_run faq-search "$c" "$BASE/faq/search?q=modem&page=1" q,page
  sqlmap_run faq-suggest "$c" "$BASE/faq/suggest?q=modem" q
  sqlmap_run customer-tickets "$c" "$BASE/tickets/?status=open&page=1" status,page
  sqlmap_run customer-search "$a" "$BASE/admin/customers/search.json?q=zahra&page=1" q,page
  sqlmap_run customer-list "$a" "$BASE/admin/customers/?q=zahra&page=1" q,page
  sqlmap_run queue "$a" "$BASE/admin/tickets/?status=open&priority=high&q=net&page=1" status,priority,q,page
  sqlmap_run ticket-search "$a" "$BASE/admin/search?q=modem" q
  sqlmap_run api-tickets "$t" "$BASE/api/v1/tickets?status=open&priority=high&category=1" \
             status,priority,category
  sqlmap_run api-customers "$t" "$BASE/api/v1/customers?identifier=09121234567" identifier
  sqlmap_run api-faq "$t" "$BASE/api/v1/faq/search?q=modem&page=1" q,page
}

# The page scan and the parameter scan go side by side; each has its own time budget.
: >"$REPORTS/progress.log"
scan_pages & PAGES=$!
scan_parameters & PARAMS=$!
wait $PAGES $PARAMS

$PY - "$REPORTS" <<'PYEOF'
import collections, json, pathlib, re, sys
reports = pathlib.Path(sys.argv[1])
LEVELS = {1: "low", 2: "medium", 3: "high", 4: "high"}
high = 0
for path in sorted(reports.glob("wapiti-*.json")):
    role = path.stem.split("-", 1)[1]
    data = json.loads(path.read_text())
    found = []
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for name, items in (data.get(section) or {}).items():
            for item in items:
                level = LEVELS.get(item.get("level"), "info") if section == "vulnerabilities" else section.rstrip("s")
                found.append((level, name, item.get("method"), item.get("path"), (item.get("info") or "")[:160]))
    counts = collections.Counter(level for level, *_ in found)
    log = (reports / f"wapiti-{role}.log").read_text(errors="replace")
    resources = re.search(r"found (\d+) URLs and forms", log)
    stopped = re.findall(r"Max attack time was reached for module (\w+)", log)
    print(f"wapiti {role}: {sum(counts.values())} finding(s) {dict(sorted(counts.items()))}"
          + (f"; {resources.group(1)} URLs and forms" if resources else "")
          + (f"; modules stopped at their time budget: {', '.join(stopped)}" if stopped else ""))
    for level, name, method, url, info in sorted(found):
        print(f"  [{level}] {name}: {method} {url} {info}")
    high += counts["high"]
for log in sorted(reports.glob("sqlmap-*.log")):
    text = log.read_text(errors="replace")
    # sqlmap says "appears to be ... injectable" for a candidate, then checks it; only what it confirms counts.
    candidates = sorted(set(re.findall(r"parameter '([^']+)' appears to be .*injectable", text)))
    confirmed = "identified the following injection point" in text
    tested = re.findall(r"testing for SQL injection on \w+ parameter '([^']+)'", text)  # in order
    clean = sorted(set(re.findall(r"parameter '([^']+)' does not seem to be injectable", text)))
    stopped = "sqlmap ended with" in text
    dismissed = [c for c in candidates if c in clean]
    print(f"sqlmap {log.stem[7:]}: " + ("INJECTABLE (see the log)" if confirmed else "no injection found")
          + f"; parameters tested to the end: {', '.join(clean) or 'none'}"
          + (f"; candidates sqlmap dismissed as false positives: {', '.join(dismissed)}" if dismissed else "")
          + (f"; stopped at its time budget while testing {tested[-1] if tested else '?'}" if stopped else ""))
    high += confirmed
errors = sum(1 for line in (reports / "server.log").read_text(errors="replace").splitlines()
             if "Traceback" in line or "Exception on" in line)
print(f"server errors logged: {errors}")
print(f"high findings: {high}")
sys.exit(1 if high else 0)
PYEOF
