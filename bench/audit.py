#!/usr/bin/env python3
"""Write audits for bench/repository.sh (Python 3 standard library only).

  audit.py install DB [TABLE ...]   add a table bench_writes and AFTER INSERT/UPDATE/DELETE
                                    triggers on each TABLE (default: every table) that count the
                                    rows written, whatever their values. Only ever used on a
                                    throw-away copy of a repository: it changes its schema.
  audit.py read DB                  print the counts as "table op rows", one a line
  audit.py fingerprint DB           print count(*), sum(length(owner)), max(id) of tasks and the
                                    row counts of task_events, pending and runs, on one line
  audit.py counts DB                print "table rows" for every table
"""

import sqlite3
import sys


def connect(path):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 60000")
    return con


def user_tables(con):
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'bench_writes' ORDER BY name")]


def install(path, tables):
    con = connect(path)
    tables = tables or user_tables(con)
    con.execute("BEGIN")
    con.execute("CREATE TABLE bench_writes (tbl TEXT NOT NULL, op TEXT NOT NULL, n INTEGER NOT NULL, "
                "PRIMARY KEY (tbl, op))")
    for t in tables:
        for op in ("INSERT", "UPDATE", "DELETE"):
            con.execute("INSERT INTO bench_writes VALUES (?, ?, 0)", (t, op))
            con.execute(f'CREATE TRIGGER "bench_{t}_{op}" AFTER {op} ON "{t}" BEGIN '
                        f"UPDATE bench_writes SET n = n + 1 WHERE tbl = '{t}' AND op = '{op}'; END")
    con.execute("COMMIT")


def read(path):
    con = connect(path)
    for t, op, n in con.execute("SELECT tbl, op, n FROM bench_writes ORDER BY tbl, op"):
        print(t, op, n)


def fingerprint(path):
    con = connect(path)
    count, owners, max_id = con.execute("SELECT count(*), sum(length(owner)), max(id) FROM tasks").fetchone()
    events = con.execute("SELECT count(*) FROM task_events").fetchone()[0]
    pending = con.execute("SELECT count(*) FROM pending").fetchone()[0]
    runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    print(f"tasks={count} sum_len_owner={owners} max_id={max_id} task_events={events} pending={pending} runs={runs}")


def counts(path):
    con = connect(path)
    for t in user_tables(con):
        print(t, con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])


def main(argv):
    if len(argv) >= 3 and argv[1] == "install":
        install(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] in ("read", "fingerprint", "counts"):
        {"read": read, "fingerprint": fingerprint, "counts": counts}[argv[1]](argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
