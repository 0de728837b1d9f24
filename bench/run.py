"""`make bench`: answer-save throughput against a bare-view ceiling, report page and PDF timings,
on PostgreSQL and on SQLite, served by gunicorn with the production settings. Writes bench/results.md.

    .venv/bin/python bench/run.py [--duration 8] [--only postgresql|sqlite] [--levels 1,10,50]

For each database, in order:
  0. (once, for both) collectstatic into a temporary STATIC_ROOT;
  1. a setup subprocess (bench/setup_db.py, same DATABASE_URL and settings as the server): migrate,
     load the content pack, create an organization with its coordinator, a round with 50 respondents
     who answered every question, and a round with fresh respondents whose link tokens the save test
     uses;
  2. gunicorn on 127.0.0.1 and a free port, production settings (PUSULA_DEBUG unset, a random
     SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, PUSULA_MANIFEST_STATIC=1);
  3. the load driver (bench/driver.py), a separate process with one thread per client;
  4. a verification subprocess: every save the driver saw acknowledged is in the database.
PostgreSQL runs under scripts/with-postgres.sh (a throwaway server on a free loopback port); SQLite in
a temporary file. Servers and temporary folders are removed on success, failure or Ctrl-C.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
CORES = len(os.sched_getaffinity(0))
# gunicorn's rule of thumb, 2 × cores + 1 sync workers: a request is mostly CPU (Django, templates)
# with short database waits, so one extra worker per core keeps the cores busy during those waits.
WORKERS = 2 * CORES + 1
DATABASES = ("postgresql", "sqlite")
TARGET_SAVE_RATIO = 0.7  # of the floor: a bench-only view doing a save's database work and nothing else
TARGET_SAVE_P95_MS = 100  # at the highest level, on PostgreSQL
TARGET_REPORT_P95_MS = 200
TARGET_PDF_MS_PER_PAGE = 40
TARGET_PDF_OFFERED_MS = 1000  # request to file, when the PDF was pre-rendered
CHILD_TIMEOUT = 600  # seconds for one database, setup to teardown (a busy shared machine needs the margin)


class Stop(Exception):
    """SIGTERM or SIGINT: unwind so that every finally block stops its server and removes its folder."""


def _stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_group(process, grace=10):
    """Stops a child started with start_new_session=True, and everything it started in its group."""
    if process is None or process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def server_env(database_url, static_root, conn_max_age=None):
    """The production profile: nothing inherited that could turn on debug or change the settings."""
    dropped = ("PUSULA_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "DB_CONN_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        PUSULA_MANIFEST_STATIC="1",
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=str(static_root),
        PYTHONPATH=str(REPO),
        LOG_LEVEL="WARNING",
    )
    if conn_max_age is not None:
        env["DB_CONN_MAX_AGE"] = str(conn_max_age)
    return env


def run_step(command, env, timeout, log):
    with open(log, "a") as out:
        out.write(f"$ {' '.join(map(str, command))}\n")
        out.flush()
        subprocess.run(command, env=env, cwd=REPO, stdout=out, stderr=out, timeout=timeout, check=True)


def wait_ready(port, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ping/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /-/ping/ in time")


def run_database(args):
    """Inner process: one database, DATABASE_URL already set (by with-postgres.sh or by the outer run)."""
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    log = work / "log.txt"
    env = server_env(os.environ["DATABASE_URL"], Path(args.static), args.conn_max_age)
    levels = [int(x) for x in args.levels.split(",")]
    setup_spec = {"pack": args.pack, "levels": levels, "tokens_per_level": args.tokens_per_level}
    (work / "setup.json").write_text(json.dumps(setup_spec))

    started = time.monotonic()
    run_step([PYTHON, BENCH / "setup_db.py", "prepare", work / "setup.json", work / "db.json"], env, 180, log)
    setup_seconds = time.monotonic() - started
    db = json.loads((work / "db.json").read_text())

    port = free_port()
    server = worker = None
    try:
        # One background worker beside gunicorn, as `make serve` runs it: it renders the PDFs.
        worker = subprocess.Popen(
            [BIN / "pusula", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"],
            env=env,
            cwd=REPO,
            start_new_session=True,
            stdout=open(work / "worker.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        (work / "worker.pid").write_text(str(worker.pid))
        server = subprocess.Popen(
            [BIN / "gunicorn", "pusula.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
            + ["--timeout", "60", "--error-logfile", str(work / "gunicorn.log"), "--log-level", "warning"],
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        (work / "gunicorn.pid").write_text(str(server.pid))
        wait_ready(port, server)
        driver_spec = {
            "host": "127.0.0.1",
            "port": port,
            "db": db,
            "levels": levels,
            "duration": args.duration,
            "slices": args.slices,
            "workers": WORKERS,
            "save_budget": 2 * args.tokens_per_level,
            "ping_budget": args.ping_budget,
            "report_requests": args.report_requests,
            "pdf_requests": args.pdf_requests,
        }
        (work / "driver.json").write_text(json.dumps(driver_spec))
        driver_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        run_step(
            [PYTHON, BENCH / "driver.py", work / "driver.json", work / "measured.json", work / "sent.json"],
            driver_env,
            CHILD_TIMEOUT - 60,
            log,
        )
    finally:
        kill_group(server)
        kill_group(worker)
        (work / "gunicorn.pid").unlink(missing_ok=True)
        (work / "worker.pid").unlink(missing_ok=True)
    run_step([PYTHON, BENCH / "setup_db.py", "verify", work / "setup.json", work / "sent.json", work / "verify.json"],
             env, 60, log)  # fmt: skip
    result = json.loads((work / "measured.json").read_text())
    result.update(
        db_version=db["db_version"],
        report_respondents=db["report_respondents"],
        big_respondents=db["big_respondents"],
        report_queries=db["report_queries"],
        question_count=db["question_count"],
        areas=[{"slug": a["slug"], "questions": len(a["questions"])} for a in db["areas"]],
        verify=json.loads((work / "verify.json").read_text()),
        setup_seconds=round(setup_seconds, 1),
        setup_steps=db["setup_steps"],
        workers=WORKERS,
    )
    (work / "result.json").write_text(json.dumps(result, indent=1))


def choose_pack():
    """content/tr while it passes `pusula content check`, else the small test pack (and why)."""
    check = subprocess.run(
        [BIN / "pusula", "content", "check", REPO / "content" / "tr"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        timeout=60,
    )
    if check.returncode == 0:
        return "content/tr", check.stdout.strip()
    problems = [line for line in check.stderr.splitlines() if line.strip()]
    note = f"content/tr did not pass `pusula content check` ({problems[-1] if problems else 'failed'})"
    return "tests/packs/small/tr", note


def machine_info():
    def first(path, key):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    return {
        "nproc": CORES,
        "cpu": first("/proc/cpuinfo", "model name"),
        "memory": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?",
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "weasyprint": importlib.metadata.version("weasyprint"),
        "psycopg": importlib.metadata.version("psycopg"),
    }


def run_all(args):
    work = Path(tempfile.mkdtemp(prefix="pusula-bench-"))
    child = None
    results = {}
    try:
        pack, pack_note = choose_pack()
        print(f"content: {pack} ({pack_note})", flush=True)
        static = work / "static"
        print("collectstatic (once, for both databases)", flush=True)
        collect_env = server_env(f"sqlite:///{work / 'unused.sqlite3'}", static)
        run_step([BIN / "pusula", "collectstatic", "--noinput", "-v0"], collect_env, 600, work / "collectstatic.log")
        for name in args.only or DATABASES:
            folder = work / name
            command = [PYTHON, Path(__file__).resolve(), "--inner", name, "--work", folder, "--static", static]
            command += ["--pack", pack, "--levels", args.levels, "--duration", str(args.duration)]
            command += ["--slices", str(args.slices)]
            command += ["--tokens-per-level", str(args.tokens_per_level), "--ping-budget", str(args.ping_budget)]
            command += ["--report-requests", str(args.report_requests), "--pdf-requests", str(args.pdf_requests)]
            if args.conn_max_age is not None:
                command += ["--conn-max-age", str(args.conn_max_age)]
            env = dict(os.environ)
            if name == "postgresql":
                command = [REPO / "scripts" / "with-postgres.sh"] + command
                env.pop("DATABASE_URL", None)
            else:
                folder.mkdir(parents=True)
                env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
            print(f"== {name}: setup, gunicorn with {WORKERS} workers, load driver", flush=True)
            started = time.monotonic()
            load_before = os.getloadavg()[0]
            child = subprocess.Popen(list(map(str, command)), env=env, cwd=REPO, start_new_session=True)
            try:
                child.wait(CHILD_TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"   {name}: over {CHILD_TIMEOUT} s, stopped", flush=True)
            finally:
                kill_group(child)
                for stray in (folder / "gunicorn.pid", folder / "worker.pid"):  # if the inner run could not stop them
                    if stray.exists():
                        try:
                            os.killpg(int(stray.read_text()), signal.SIGKILL)
                        except (ProcessLookupError, ValueError):
                            pass
            result_file = folder / "result.json"
            if result_file.exists():
                results[name] = json.loads(result_file.read_text())
                results[name]["seconds"] = round(time.monotonic() - started, 1)
                results[name]["load"] = (round(load_before, 2), round(os.getloadavg()[0], 2))
            else:
                log = folder / "log.txt"
                tail = log.read_text().splitlines()[-15:] if log.exists() else []
                results[name] = {"error": f"exit code {child.returncode}", "log": tail}
                print("\n".join(tail), file=sys.stderr)
        report = render(results, pack, pack_note, args)
        (BENCH / "results.md").write_text(report)
        print(report)
    finally:
        kill_group(child)
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all("error" not in r for r in results.values()) else 1


def fmt(value, unit=""):
    return "–" if value is None else f"{value:,.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def render_database(name, r, args):
    lines = [f"### {r.get('db_version', name)}", ""]
    if "error" in r:
        lines += ["The run failed: " + r["error"], "", "```", *r.get("log", []), "```", ""]
        return lines
    levels = [int(x) for x in args.levels.split(",")]
    lines += [
        "| Measure | Clients | Throughput (req/s) | p50 (ms) | p95 (ms) | Errors | Target | Result |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for level in levels:
        p = r["ping"][str(level)]
        lines.append(
            f"| Ceiling: `GET /-/ping/` | {level} | {fmt(p['rps'])} | {fmt(p['p50_ms'])} | {fmt(p['p95_ms'])} "
            f"| {p['errors']} | – | {p['requests']} requests in {p['seconds']} s |"
        )
    for level in levels:
        f = r["floor"][str(level)]
        lines.append(
            f"| Floor: `POST /-/bench/save-floor/<token>/<area>/` | {level} | {fmt(f['rps'])} | {fmt(f['p50_ms'])} "
            f"| {fmt(f['p95_ms'])} | {f['errors']} | – | {f['requests']} requests in {f['seconds']} s |"
        )
    for level in levels:
        s, f = r["save"][str(level)], r["floor"][str(level)]
        ratio = s["rps"] / f["rps"] if f["rps"] else 0
        if level == max(levels):
            target = f"≥ {TARGET_SAVE_RATIO} × floor" + (
                f", p95 ≤ {TARGET_SAVE_P95_MS} ms" if name == "postgresql" else ""
            )
            ok = ratio >= TARGET_SAVE_RATIO and not s["errors"]
            if name == "postgresql":
                ok = ok and s["p95_ms"] is not None and s["p95_ms"] <= TARGET_SAVE_P95_MS
            result = f"{ratio:.2f} × floor: {verdict(ok)}"
        else:
            target = "–"
            result = f"{ratio:.2f} × floor"
        lines.append(
            f"| Answer save: `POST /r/<token>/a/<area>/` | {level} | {fmt(s['rps'])} | {fmt(s['p50_ms'])} "
            f"| {fmt(s['p95_ms'])} | {s['errors']} | {target} | {result} |"
        )
    for key, respondents in (("report", r["report_respondents"]), ("report_big", r["big_respondents"])):
        rep = r[key]
        small, queries = r["report_queries"][key]
        ok = rep["p95_ms"] is not None and rep["p95_ms"] <= TARGET_REPORT_P95_MS and not rep["errors"]
        ok = ok and queries == small
        lines.append(
            f"| Round report page, {respondents} respondents ({rep['requests']} requests; "
            f"{rep['bytes'] // 1024} KB; {queries} queries a request, {small} with 2 respondents) | 1 | "
            f"{fmt(rep['rps'])} | {fmt(rep['p50_ms'])} | {fmt(rep['p95_ms'])} | {rep['errors']} "
            f"| p95 ≤ {TARGET_REPORT_P95_MS} ms, queries as with 2 respondents | {verdict(ok)} |"
        )
    renders = r["verify"].get("pdf_renders", [])
    per_page = sorted(x["ms"] / x["pages"] for x in renders if x.get("pages"))
    if per_page:
        median = per_page[len(per_page) // 2]
        pages = renders[-1]["pages"]
        lines.append(
            f"| Round report PDF, rendering by the worker ({len(per_page)} renders of {pages} pages; "
            f"{r['pdf_fresh']['bytes'] // 1024} KB) | – | – | – | – | – | ≤ {TARGET_PDF_MS_PER_PAGE} ms a page "
            f"| median {median:.0f} ms a page (best {per_page[0]:.0f}): "
            f"{verdict(median <= TARGET_PDF_MS_PER_PAGE)} |"
        )
    fresh, pre = r["pdf_fresh"], r["pdf_prerendered"]
    first = max(fresh["first_response_ms"])
    lines.append(
        f"| Round report PDF after an answer changed: request → file offered ({len(fresh['to_file_ms'])} times; "
        f"first answer, the “hazırlanıyor” page, in ≤ {first:.0f} ms) | 1 | – "
        f"| {sorted(fresh['to_file_ms'])[len(fresh['to_file_ms']) // 2]:,.0f} | {max(fresh['to_file_ms']):,.0f} "
        f"| 0 | request never waits on rendering | {verdict(first <= 1000)} |"
    )
    worst = max(pre["to_file_ms"])
    lines.append(
        f"| Round report PDF pre-rendered after a consensus: request → file offered ({len(pre['to_file_ms'])} "
        f"times; {max(pre['requests'])} request(s) each) | 1 | – "
        f"| {sorted(pre['to_file_ms'])[len(pre['to_file_ms']) // 2]:,.0f} | {worst:,.0f} | 0 "
        f"| ≤ {TARGET_PDF_OFFERED_MS} ms | {verdict(worst <= TARGET_PDF_OFFERED_MS and max(pre['requests']) == 1)} |"
    )
    v = r["verify"]
    lines += [
        "",
        f"Saves verified in the database afterwards: {v['answers_checked']} answers the server acknowledged, "
        f"{v['missing']} missing, {v['wrong']} with another value. Setup {r['setup_seconds']} s, whole run "
        f"{r.get('seconds', '?')} s, load driver CPU {r['driver_cpu_seconds']} s. Machine load average "
        f"(1 min) {r['load'][0]} before this database's run, {r['load'][1]} after"
        + (" (CPU cores were also busy with other work)." if r["load"][0] > 0.5 else "."),
        "",
    ]
    return lines


def render(results, pack, pack_note, args):
    info = machine_info()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    areas = next((r["areas"] for r in results.values() if "areas" in r), [])
    shape = ", ".join(f"{a['slug']} ({a['questions']} questions)" for a in areas)
    lines = [
        "# Pusula benchmark",
        "",
        f"Run {now} on {info['nproc']} CPU(s) ({info['cpu']}), {info['memory']} RAM, {info['kernel']}; "
        f"Python {info['python']}, Django {info['django']}, gunicorn {info['gunicorn']}, "
        f"WeasyPrint {info['weasyprint']}, psycopg {info['psycopg']}; "
        + "; ".join(r["db_version"] for r in results.values() if "db_version" in r)
        + ".",
        "",
        f"Content: `{pack}` — {pack_note}. Area pages: {shape}.",
        "",
        "## Set-up",
        "",
        f"- Server: gunicorn, {WORKERS} sync workers (2 × {CORES} cores + 1, gunicorn's rule of thumb: the "
        "requests are CPU-bound Django with short database waits), on 127.0.0.1 and a free port; production "
        "settings: `PUSULA_DEBUG` unset, random `SECRET_KEY`, `ALLOWED_HOSTS=127.0.0.1`, "
        "`PUSULA_MANIFEST_STATIC=1` (static files collected into a temporary folder), "
        + (
            f"`DB_CONN_MAX_AGE={args.conn_max_age}`."
            if args.conn_max_age is not None
            else "`DB_CONN_MAX_AGE` unset (the settings' default: connections kept 60 s, with health checks)."
        ),
        "- PostgreSQL: the throwaway server of `scripts/with-postgres.sh` (fsync, synchronous_commit and "
        "full_page_writes off, so commits cost less than on a durable production server). SQLite: a temporary "
        "file with the settings' WAL, synchronous=NORMAL, IMMEDIATE transactions.",
        "- Load driver: a separate process (`bench/driver.py`) on the same machine, one thread per client, a "
        "new connection per request (sync workers close it anyway), closed loop. At each level the ceiling "
        f"and the saves run {args.duration:g} s each (or until a request budget, {2 * args.tokens_per_level} "
        f"saves or {args.ping_budget} pings, is spent), alternating in {args.slices} slices of "
        f"{args.duration / args.slices:g} s so that the machine's other load weighs on both alike. The driver "
        f"competes with the server for the same {CORES} cores, for the ceiling and the saves alike.",
        "- Answer save: every client has its own link tokens (respondents of a separate round, role already "
        "chosen); each request is a full valid area page (every question answered, `go=next`) with a CSRF token "
        "taken from one GET of the page before the clock starts; a save counts when the answer is a 302 to the "
        f"next page. Clients cycle through their tokens, so with {args.tokens_per_level} tokens per level almost "
        "every save is a different respondent's first save of that page. Floor: the same requests to a "
        "bench-only view (`bench/urls.py`, never in the app's URLs) on the same stack that does a save's "
        "database work and nothing else: looks the token up and calls the same `save_answers` transaction (lock "
        "the respondent, upsert the page's answers, count, stamp), then redirects; no form, template or session. "
        "Its own fresh respondents, so it writes as much as the saves do. Ceiling: `GET /-/ping/` (a bare view "
        "behind the full middleware stack). Ceiling, floor and saves alternate in short slices.",
        f"- Report page: the coordinator signs in through the login form; {args.report_requests} "
        f"sequential `GET /o/<org>/rounds/<pk>/report/` (after {2 * WORKERS} warm-up requests sent at once, "
        "so that every worker has built its caches), for a round with 50 invited respondents who answered every "
        "question (and the coordinator, who did not), and for a round of 500 (a federation's round). Queries a "
        "request: counted in the setup process (same settings, caches warm) for each of these rounds and for its "
        "twin of 2 respondents in another organization with the same history of rounds; the report counts the "
        "answers in the database (`pusula.reports.tallies`), so the two must be equal.",
        "- PDF: one background worker (`pusula db_worker`, as `make serve` starts it) runs beside gunicorn and "
        f"renders every PDF. After an answer changed ({args.pdf_requests} times): the time from the first "
        "`GET report.pdf` (answered at once with the “PDF hazırlanıyor…” page) to the response that is the file, "
        "the driver asking again every 0.25 s. Pre-rendered: the coordinator records a consensus (which queues "
        "the render), comes back when the page's status says the file is ready, and downloads it: the time of "
        "that one request. Milliseconds a page: the worker's own render time (`RenderedPdf.render_ms`, wall "
        "clock, on the same busy machine) ÷ pages, over every render of the run. `bench/pdf_profile.py` splits "
        "a render into HTML, layout and writing in CPU time, and prices tagging.",
        "",
        "## Results",
        "",
    ]
    for name, r in results.items():
        lines += render_database(name, r, args)
    lines += [
        "## Reading the figures",
        "",
        "- The ceiling does no database work and renders nothing. An answer save looks the link token up, "
        "then, in one transaction, locks the respondent, writes the page's answers (one upsert), counts them and "
        "stamps started/finished; it validates the form and redirects. The save ÷ ceiling ratio therefore "
        "mostly measures how much more work a save is than a bare view. With `--conn-max-age 0` every "
        "request opens a new database connection (on PostgreSQL, a new server process).",
        "- Saves are checked afterwards: every save the server acknowledged with a 302 must be in the database "
        "with the value sent last (the line under each table).",
        "- The machine is shared: when its load average is well above 0 before a run, other processes took CPU "
        "time from the server and the driver, and single figures can move by tens of per cent between runs. "
        "The ratio is sturdier than the absolute figures, because ceiling and saves alternate in short slices.",
        "",
        "## Rerun",
        "",
        "`make bench` (or `.venv/bin/python bench/run.py`; options `--only postgresql|sqlite`, `--duration S`, "
        "`--levels 1,10,50`). Needs PostgreSQL server binaries for the PostgreSQL half (as root, "
        "`scripts/with-postgres.sh` installs Debian's package). About "
        f"{int(len(DATABASES) * (2 * len(args.levels.split(',')) * args.duration + 40) / 60) + 1} minutes; "
        "nothing is left behind (servers stopped, temporary folders removed). Uses the content pack in "
        "`content/tr` when it passes `pusula content check`, the small test pack otherwise.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=DATABASES)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("--slices", type=int, default=4, help="ceiling and saves alternate in this many slices")
    parser.add_argument("--tokens-per-level", type=int, default=2000)
    parser.add_argument("--ping-budget", type=int, default=30000)
    parser.add_argument("--report-requests", type=int, default=20)
    parser.add_argument("--pdf-requests", type=int, default=5)
    parser.add_argument(
        "--conn-max-age", type=int, help="DB_CONN_MAX_AGE for the server (default: unset, the settings' 60)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, JSON) for debugging")
    parser.add_argument("--inner", choices=DATABASES, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--static", help=argparse.SUPPRESS)
    parser.add_argument("--pack", help=argparse.SUPPRESS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if args.inner:
        try:
            run_database(args)
        except Stop:
            return 143  # the outer run stopped this one and reports it
        return 0
    try:
        return run_all(args)
    except Stop as stop:
        print(f"stopped by {stop}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
