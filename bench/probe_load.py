#!/usr/bin/env python3
"""Sequential keep-alive requests for the process benchmark; prints one JSON line of latencies.

probe_load.py BASE PATH COUNT [--header 'Name: value'] [--timeout SECONDS] [--method M --body B]
Every request gets a fresh connection only after an error; latency is the request's wall time.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    base, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    headers, timeout, method, body = {}, 5.0, "GET", None
    args = sys.argv[4:]
    while args:
        flag, value = args[0], args[1]
        args = args[2:]
        if flag == "--header":
            name, _, v = value.partition(":")
            headers[name.strip()] = v.strip()
        elif flag == "--timeout":
            timeout = float(value)
        elif flag == "--method":
            method = value
        elif flag == "--body":
            body = value
            headers.setdefault("Content-Type", "application/json")
    url = urllib.parse.urlsplit(base)
    conn = None
    times, statuses, errors = [], {}, 0
    for _ in range(count):
        if conn is None:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - started) * 1000)
            statuses[response.status] = statuses.get(response.status, 0) + 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = None
    times.sort()

    def pct(p):
        return round(times[min(len(times) - 1, int(len(times) * p))], 3) if times else None

    print(json.dumps({"count": count, "errors": errors, "statuses": statuses,
                      "p50_ms": pct(0.50), "p99_ms": pct(0.99),
                      "max_ms": round(times[-1], 3) if times else None}))


if __name__ == "__main__":
    main()
