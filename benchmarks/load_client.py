"""The load generator of benchmarks/load.py, run as its own process so that it does not share the server's
interpreter: threads of visitors (and accountants) on keep-alive connections, for a fixed time.

    python benchmarks/load_client.py PLAN.json   → prints one JSON object: per kind of request, the latencies (s)
                                                    and the errors

A plan: {"base": "http://127.0.0.1:8095", "seconds": 20, "host": "juesuan.example.cn",
         "visitors": {"threads": 6, "mix": [[weight, kind, [paths…]], …]},
         "accountants": {"threads": 2, "login": [user, password], "table": "/entry/…/tables/expenditure/",
                         "cells": ["v|2010306|basic", …]}}
Requests carry the headers the reverse proxy adds (X-Forwarded-Proto: https), as in production.
"""
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict


class Session:
    """One keep-alive connection with its cookies (kept by hand: the production cookies are Secure)."""

    def __init__(self, base: str, host: str):
        self.netloc = urllib.parse.urlsplit(base).netloc
        self.host = host
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        path = urllib.parse.quote(path, safe="/?=&%|")
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7",
                   "Referer": f"https://{self.host}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed is opened again once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.netloc, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content


def timed(results, kind, session, method, path, body=None, expect=(200,)):
    started = time.perf_counter()
    try:
        status, _, content = session.request(method, path, body)
        ok = status in expect
        error = None if ok else f"{method} {path} → {status}"
    except Exception as exc:  # every failure is counted and reported, never raised
        content, error = b"", f"{method} {path} → {exc!r}"[:200]
    results[kind]["times"].append(time.perf_counter() - started)
    if error:
        results[kind]["errors"].append(error)
    return content


def visitor(plan, seed, results, end):
    rng = random.Random(seed)
    session = Session(plan["base"], plan["host"])
    mix = plan["visitors"]["mix"]
    weights = [weight for weight, _, _ in mix]
    while time.perf_counter() < end:
        _, kind, paths = rng.choices(mix, weights)[0]
        timed(results, kind, session, "GET", rng.choice(paths))


def accountant(plan, number, results, end):
    """Logs in, then again and again: opens the table, changes its own cell, saves (302 is a saved draft)."""
    settings = plan["accountants"]
    session = Session(plan["base"], plan["host"])
    page = session.request("GET", "/accounts/login/")[2].decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    user, password = settings["login"]
    status = session.request("POST", "/accounts/login/", {"username": user, "password": password,
                                                          "csrfmiddlewaretoken": token})[0]
    if status != 302:
        results["accountant save"]["errors"].append(f"login → {status}")
        return
    cell, rng = settings["cells"][number % len(settings["cells"])], random.Random(number)
    while time.perf_counter() < end:
        page = timed(results, "accountant table", session, "GET", settings["table"]).decode()
        fields = dict(re.findall(r'name="((?:v|b)\|[^"]+)" value="([^"]*)"', page))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not fields or not token:
            results["accountant save"]["errors"].append("table page without its form")
            continue
        fields.update({cell: f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}", "action": "save",
                       "csrfmiddlewaretoken": token.group(1)})
        timed(results, "accountant save", session, "POST", settings["table"], fields, expect=(302,))


def main():
    plan = json.load(open(sys.argv[1], encoding="utf-8"))
    results = defaultdict(lambda: {"times": [], "errors": []})
    end = time.perf_counter() + plan["seconds"]
    threads = [threading.Thread(target=visitor, args=(plan, seed, results, end))
               for seed in range(plan["visitors"]["threads"])]
    threads += [threading.Thread(target=accountant, args=(plan, number, results, end))
                for number in range(plan.get("accountants", {}).get("threads", 0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(dict(results), sys.stdout)


if __name__ == "__main__":
    main()
