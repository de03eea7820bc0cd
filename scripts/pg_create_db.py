"""Create the PostgreSQL database named in URL if it does not exist yet (used by `make test`)."""
import sys

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

url = make_url(sys.argv[1])
with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username or "postgres",
                     dbname="postgres", autocommit=True) as conn:
    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
    if not exists:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
