"""The load driver: a separate process (never inside gunicorn) with one thread per simulated client.

    python bench/driver.py SPEC.json OUT.json SENT.json

Each request opens its own connection (gunicorn's sync workers close the connection after every
response anyway). Closed loop: a client sends its next request when the previous one has answered.
Every phase stops at its duration or at its request budget, whichever comes first.
"""

import http.client
import itertools
import json
import math
import random
import re
import resource
import sys
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(self, host, port, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}

    def request(self, method, path, fields=None, headers=None):
        """(status, headers, body, seconds): the time covers connect, send and reading the whole body."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in list(self.cookies.items()))
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for morsel in SimpleCookie(header).values():
                self.cookies[morsel.key] = morsel.value
        return response.status, response.headers, data, elapsed

    def csrf(self, path):
        """GETs a form page; returns the form's CSRF token (the cookie is kept)."""
        status, _headers, data, _elapsed = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        return CSRF_INPUT.search(data.decode()).group(1)


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def summary(latencies, errors, elapsed):
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(ms, 50), 1) if ms else None,
        "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


class Phase:
    """One measure at one concurrency: `count` clients, each in its own thread, prepared once (before
    any clock runs), then run in time slices whose figures add up. step(state, j) is one measured
    request, j counting that client's requests across slices; it returns (ok, seconds)."""

    def __init__(self, count, budget, prepare, step):
        self.count, self.budget, self.step = count, budget, step
        self.tickets = itertools.count()
        self.latencies, self.errors, self.elapsed, self.failures = [], 0, 0.0, []
        self.counters = [0] * count
        self.states = []
        for i in range(count):
            try:
                self.states.append(prepare(i))
            except Exception as error:  # noqa: BLE001 - reported; the phase goes on without this client
                self.failures.append(repr(error))
                self.states.append(None)

    def run(self, duration):
        clock = {}
        lock = threading.Lock()

        def start_clock():  # runs once, when every client is ready, before any of them goes on
            clock["started"] = time.perf_counter()
            clock["deadline"] = clock["started"] + duration

        barrier = threading.Barrier(self.count, action=start_clock)

        def client(i):
            latencies, errors = [], 0
            barrier.wait()
            state = self.states[i]
            while state is not None and time.perf_counter() < clock["deadline"] and next(self.tickets) < self.budget:
                j = self.counters[i]
                self.counters[i] += 1
                try:
                    ok, seconds = self.step(state, j)
                except Exception as error:  # noqa: BLE001 - counted as an error, the first few kept
                    ok, seconds = False, 0
                    self.failures.append(repr(error))
                if ok:
                    latencies.append(seconds)
                else:
                    errors += 1
            with lock:
                self.latencies += latencies
                self.errors += errors

        threads = [threading.Thread(target=client, args=(i,)) for i in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed += time.perf_counter() - clock["started"]

    def result(self):
        result = summary(self.latencies, self.errors, self.elapsed)
        result.update(clients=self.count, failures=self.failures[:5])
        return result


def main():
    spec_path, out_path, sent_path = sys.argv[1:]
    with open(spec_path) as file:
        spec = json.load(file)
    host, port = spec["host"], spec["port"]
    db = spec["db"]
    areas = db["areas"]
    rng = random.Random(7)
    out = {"save": {}, "ping": {}}
    sent = {}  # token → {question number: last choice number the server acknowledged}

    def ping(client):
        status, _h, data, seconds = client.request("GET", "/-/ping/")
        return status == 200 and data == b"ok", seconds

    # Warm-up: every worker imports the app lazily on its first request.
    warmup = Phase(5, 200, lambda i: Client(host, port), lambda client, j: ping(client))
    warmup.run(3)
    out["warmup_ping"] = warmup.result()

    out["floor"] = {}
    for level in spec["levels"]:

        def pools_of(tokens, level=level):
            return [tokens[i::level] for i in range(level)]

        def prepare(i, pools):
            client = Client(host, port)
            client.pool = pools[i]
            client.csrf_value = client.csrf(f"/r/{client.pool[0]}/a/{areas[0]['slug']}/")
            return client

        def poster(path_for, record):
            def post(client, j):
                token = client.pool[j % len(client.pool)]
                area = areas[(j // len(client.pool)) % len(areas)]
                answers = {str(q["number"]): rng.choice(q["choices"]) for q in area["questions"]}
                fields = {"csrfmiddlewaretoken": client.csrf_value, "go": "next"}
                fields.update({f"q{number}": choice for number, choice in answers.items()})
                status, headers, _data, seconds = client.request("POST", path_for(token, area["slug"]), fields)
                ok = status == 302 and "/a/" + area["slug"] + "/" not in (headers.get("Location") or "")
                if ok and record:
                    sent.setdefault(token, {}).update(answers)
                return ok, seconds

            return post

        save_pools = pools_of(db["tokens"][str(level)])
        floor_pools = pools_of(db["floor_tokens"][str(level)])
        ceiling = Phase(level, spec["ping_budget"], lambda i: Client(host, port), lambda client, j: ping(client))
        floor = Phase(
            level,
            spec["save_budget"],
            lambda i, pools=floor_pools: prepare(i, pools),
            poster(lambda token, area: f"/-/bench/save-floor/{token}/{area}/", record=False),
        )
        saving = Phase(
            level,
            spec["save_budget"],
            lambda i, pools=save_pools: prepare(i, pools),
            poster(lambda token, area: f"/r/{token}/a/{area}/", record=True),
        )
        # Ceiling, floor and saves alternate in short slices, so that a change in the machine's other
        # load during the level weighs on all three alike and not on one of them only.
        for _ in range(spec["slices"]):
            ceiling.run(spec["duration"] / spec["slices"])
            floor.run(spec["duration"] / spec["slices"])
            saving.run(spec["duration"] / spec["slices"])
        out["ping"][str(level)] = ceiling.result()
        out["floor"][str(level)] = floor.result()
        out["save"][str(level)] = saving.result()

    # The coordinator's pages: signed in through the login form, requests one after another.
    coordinator = Client(host, port)
    token = coordinator.csrf("/accounts/login/")
    status, headers, _data, _s = coordinator.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": db["email"], "password": db["password"]}
    )
    if status != 302 or "sessionid" not in coordinator.cookies:
        raise RuntimeError(f"login failed: {status}")

    def timed(path, count, warmup, check, before=None):
        """count sequential requests, after `warmup` requests sent all at once (so that, with as many
        as the server has workers or more, every worker has built its caches before the clock runs)."""
        warming = [threading.Thread(target=coordinator.request, args=("GET", path)) for _ in range(warmup)]
        for thread in warming:
            thread.start()
        for thread in warming:
            thread.join()
        latencies, errors, elapsed, size = [], 0, 0.0, 0
        for _ in range(count):
            if before is not None:
                before()  # not timed
            status, headers, data, seconds = coordinator.request("GET", path)
            elapsed += seconds
            size = len(data)
            if status == 200 and check(headers, data):
                latencies.append(seconds)
            else:
                errors += 1
        return {**summary(latencies, errors, elapsed), "bytes": size}

    # One of the report round's respondents, to change an answer between PDF requests: a stored PDF
    # is served again only while the round is unchanged, so this measures a fresh rendering.
    respondent = Client(host, port)
    first_area = areas[0]
    respondent_page = f"/r/{db['report_token']}/a/{first_area['slug']}/"
    respondent.csrf_value = respondent.csrf(respondent_page)
    changes = itertools.count()

    def new_answer():
        k = next(changes)
        fields = {"csrfmiddlewaretoken": respondent.csrf_value, "go": "next"}
        fields.update({f"q{q['number']}": q["choices"][k % len(q["choices"])] for q in first_area["questions"]})
        status, _headers, _data, _seconds = respondent.request("POST", respondent_page, fields)
        if status != 302:
            raise RuntimeError(f"changing an answer before a PDF request: {status}")

    def is_pdf(headers, data):
        return data[:5] == b"%PDF-" and "pdf" in headers["Content-Type"]

    base = f"/o/{db['org']}/rounds/{db['report_round']}"
    out["report"] = timed(
        f"{base}/report/",
        spec["report_requests"],
        2 * spec["workers"],
        lambda h, d: b"<html" in d[:500] and len(d) > 5000,
    )
    out["report_big"] = timed(
        f"/o/{db['org']}/rounds/{db['big_round']}/report/",
        spec["report_requests"],
        2 * spec["workers"],
        lambda h, d: b"<html" in d[:500] and len(d) > 5000,
    )

    def until_offered(path):
        """(seconds from the first request to the file, seconds of the first response, requests): the
        first answer is the "PDF hazırlanıyor…" page (202) unless the file is stored; then the page is
        asked again every 0.25 s, as its htmx polling would (every 2 s in the app)."""
        started = time.perf_counter()
        status, headers, data, first = coordinator.request("GET", path)
        requests = 1
        while status == 202 and time.perf_counter() - started < 120:
            time.sleep(0.25)
            status, headers, data, _seconds = coordinator.request("GET", path)
            requests += 1
        if not (status == 200 and is_pdf(headers, data)):
            raise RuntimeError(f"GET {path}: {status} after {requests} requests")
        return time.perf_counter() - started, first, requests, len(data)

    pdf_path = f"{base}/report.pdf"
    fresh = []
    for _ in range(spec["pdf_requests"]):
        new_answer()  # the stored PDF no longer shows the round: the worker renders it afresh
        fresh.append(until_offered(pdf_path))
    out["pdf_fresh"] = {
        "to_file_ms": [round(t * 1000, 1) for t, _f, _r, _b in fresh],
        "first_response_ms": [round(f * 1000, 1) for _t, f, _r, _b in fresh],
        "bytes": fresh[-1][3],
    }

    # Pre-rendered: a consensus is recorded (which queues the render), the coordinator comes back once
    # the worker is done (the status fragment says so) and downloads: one request.
    question = areas[0]["questions"][0]
    consensus_page = f"{base}/consensus/{question['number']}/"  # the meeting's page for one question
    prerendered = []
    for k in range(spec["pdf_requests"]):
        csrf_value = coordinator.csrf(consensus_page)
        fields = {"csrfmiddlewaretoken": csrf_value, "choice": question["choices"][k % 2], "note": ""}
        status, _h, _d, _s = coordinator.request("POST", consensus_page, fields)
        if status != 302:
            raise RuntimeError(f"recording consensus: {status}")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            _status, _h, data, _s = coordinator.request("GET", pdf_path, headers={"HX-Request": "true"})
            if b"pdf-status" in data and b"hx-trigger" not in data:
                break
            time.sleep(0.25)
        prerendered.append(until_offered(pdf_path))
    out["pdf_prerendered"] = {
        "to_file_ms": [round(t * 1000, 1) for t, _f, _r, _b in prerendered],
        "requests": [r for _t, _f, r, _b in prerendered],
    }
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["driver_cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)

    with open(sent_path, "w") as file:
        json.dump(sent, file)
    with open(out_path, "w") as file:
        json.dump(out, file, indent=1)


if __name__ == "__main__":
    main()
