#!/usr/bin/env python3
"""Strict check of iCalendar files written by `playbook report`.

    scripts/check-ics.py reports/*.ics

For each file: every line ends with CRLF and is at most 75 octets (RFC 5545 section 3.1), the
file parses with the `icalendar` package (pip install icalendar), and every VTODO has UID,
DTSTAMP, SUMMARY and DUE, with UIDs unique within the file. Prints one line per problem as
FILE:LINE: message and exits 1 if there was any, 0 if all files passed, 2 on a usage error.
"""
import sys

try:
    import icalendar
except ImportError:
    print("error: the Python package icalendar is not installed (pip install icalendar)", file=sys.stderr)
    sys.exit(2)

REQUIRED = ("UID", "DTSTAMP", "SUMMARY", "DUE")


def check(path):
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\r\n"):
        problems.append(f"{path}: the file does not end with CRLF")
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"{path}:{n}: bare LF or CR; every line must end with CRLF")
        if len(line) > 75:
            problems.append(f"{path}:{n}: {len(line)} octets; at most 75 allowed before the CRLF")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}:{n}: not UTF-8 on its own (a fold split a multi-byte character?)")
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:  # the parser's own message says what is wrong
        return problems + [f"{path}: does not parse: {e}"]
    if len(calendars) != 1:
        problems.append(f"{path}: {len(calendars)} calendars; expected exactly one VCALENDAR")
    for cal in calendars:
        if cal.name != "VCALENDAR":
            problems.append(f"{path}: top-level component is {cal.name}, not VCALENDAR")
        for prop in ("VERSION", "PRODID"):
            if prop not in cal:
                problems.append(f"{path}: VCALENDAR has no {prop}")
        # Errors the lenient parser recorded instead of raising.
        for component in cal.walk():
            for err in getattr(component, "errors", []):
                problems.append(f"{path}: {component.name}: {err}")
        uids = set()
        for todo in cal.walk("VTODO"):
            uid = str(todo.get("UID", ""))
            for prop in REQUIRED:
                if prop not in todo:
                    problems.append(f"{path}: VTODO {uid or '(no UID)'} has no {prop}")
            if uid in uids:
                problems.append(f"{path}: UID {uid} appears twice")
            uids.add(uid)
            for prop in ("DTSTAMP", "DUE"):
                if prop in todo:
                    try:
                        todo.decoded(prop)
                    except Exception as e:
                        problems.append(f"{path}: VTODO {uid}: {prop} does not decode: {e}")
    return problems


def main(argv):
    if len(argv) < 2:
        print(f"usage: {argv[0]} FILE.ics...", file=sys.stderr)
        return 2
    problems = []
    for path in argv[1:]:
        try:
            problems += check(path)
        except OSError as e:
            problems.append(f"{path}: {e.strerror}")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(argv) - 1} file(s) passed", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
