"""Exit 0 when a PostgreSQL server accepts connections at HOST PORT (used by `make test`)."""
import sys

import psycopg

host, port = sys.argv[1], sys.argv[2]
try:
    psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
