"""`make bench`, second part: the operator's dashboard at 1,000, 10,000 and 100,000 organizations,
on SQLite and on PostgreSQL, served by gunicorn with the production settings. Adds its section to
bench/results.md.

    .venv/bin/python bench/dashboard.py [--sizes 1000,10000,100000] [--only sqlite|postgresql]

Per database: migrate and load the content pack; then for each size, `pusula demo --organizations N
--seed 1` grows the same synthetic sector (the same seed only adds the organizations still missing;
100 of them with real respondents and answers, every closed round summarised) and the time is noted;
the figures are computed once from the summaries (the cold cost, also noted); gunicorn serves, an
operator signs in through the login form, and after 5 warm-up requests 30 sequential
`GET /operator/` are timed, then 10 `GET /operator/sector.csv`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from driver import Client, percentile  # noqa: E402
from run import BIN, PYTHON, REPO, WORKERS, free_port, kill_group, server_env, wait_ready  # noqa: E402

SIZES = (1000, 10000, 100000)
TARGET_P95_MS = 300
SECTION = "## Operator dashboard at scale"
OPERATOR = ("operator@bench.example", "bench-operator-password-42")
SETUP = """
from django.contrib.auth.models import Permission
from pusula.accounts.models import User
user, _ = User.objects.get_or_create(email="{email}", defaults={{"is_staff": True}})
user.is_staff = True
user.set_password("{password}")
user.save()
user.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="operator"))
"""
COMPUTE = """
import json, time
from pusula.operator.sector import sector_figures
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary
started = time.perf_counter()
sector_figures(refresh=True)
print(json.dumps({{"seconds": time.perf_counter() - started, "summaries": RoundSummary.objects.count(),
    "area_rows": AreaScore.objects.count(), "question_rows": QuestionScore.objects.count()}}))
"""


def pusula(args, env, timeout=3600):
    started = time.monotonic()
    done = subprocess.run(
        [str(BIN / "pusula"), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=True
    )
    return done.stdout, time.monotonic() - started


def timed(client, path, count, warmup):
    for _ in range(warmup):
        client.request("GET", path)
    latencies, size = [], 0
    for _ in range(count):
        status, _headers, data, seconds = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        latencies.append(seconds * 1000)
        size = len(data)
    return {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "max": max(latencies), "bytes": size}


def run_database(args):
    """Inner process: DATABASE_URL is set (by with-postgres.sh or the outer run)."""
    work = Path(args.work)
    env = server_env(os.environ["DATABASE_URL"], Path(args.static))
    env.pop("LOG_LEVEL", None)
    pusula(["migrate", "--noinput", "-v0"], env)
    pusula(["content", "load", "content/tr"], env)
    pusula(["shell", "-c", SETUP.format(email=OPERATOR[0], password=OPERATOR[1])], env)
    vendor = pusula(["shell", "-c", "from django.db import connection; print(connection.vendor)"], env)[0].split()[-1]
    rows = []
    for size in args.sizes:
        _out, generate_seconds = pusula(
            ["demo", "--organizations", str(size), "--seed", "1", "--sample", "100", "--no-progress"], env
        )
        computed = json.loads(pusula(["shell", "-c", COMPUTE.format()], env)[0].strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "pusula.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
            + ["--timeout", "120", "--log-level", "warning"],
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        try:
            wait_ready(port, server, timeout=60)
            client = Client("127.0.0.1", port)
            token = client.csrf("/accounts/login/")
            status, _h, _d, _s = client.request(
                "POST",
                "/accounts/login/",
                {"csrfmiddlewaretoken": token, "username": OPERATOR[0], "password": OPERATOR[1]},
            )
            if status != 302:
                raise RuntimeError(f"login failed: {status}")
            page = timed(client, "/operator/", 30, 5)
            export = timed(client, "/operator/sector.csv", 10, 1)
        finally:
            kill_group(server)
        rows.append(
            {
                "organizations": size,
                "generate_seconds": generate_seconds,
                "compute": computed,
                "page": page,
                "csv": export,
            }
        )
        print(f"   {vendor} {size}: page p95 {page['p95']:.1f} ms, figures computed in {computed['seconds']:.1f} s",
              flush=True)  # fmt: skip
    (work / "result.json").write_text(json.dumps({"vendor": vendor, "rows": rows}))


def section(results):
    lines = [
        SECTION,
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/dashboard.py` on {os.cpu_count()} CPU(s), "
        f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared). Synthetic sector from "
        "`pusula demo --seed 1` (100 organizations with real answers, the rest with summaries only); gunicorn "
        f"with {WORKERS} sync workers and the production settings; an operator signed in through the login form; "
        "30 sequential `GET /operator/` after 5 warm-up requests (the figures are stored, so this is the warm "
        "path), 10 `GET /operator/sector.csv`. *Compute* is computing every figure afresh from the summaries "
        "(what happens at most every 10 minutes, on the Recompute button, or when an organization is deleted).",
        "",
        "| Database | Organizations | Summaries / area rows / question rows | Generate (s) | Compute (s) "
        f"| Page p50 (ms) | Page p95 (ms) | CSV p95 (ms) | Page size | Target p95 ≤ {TARGET_P95_MS} ms |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, result in results.items():
        for row in result["rows"]:
            c, p = row["compute"], row["page"]
            lines.append(
                f"| {name} | {row['organizations']:,} | {c['summaries']:,} / {c['area_rows']:,} / {c['question_rows']:,} "
                f"| {row['generate_seconds']:.0f} (cumulative growth) | {c['seconds']:.1f} | {p['p50']:.1f} | {p['p95']:.1f} "
                f"| {row['csv']['p95']:.1f} | {p['bytes'] // 1024} KB | {'**met**' if p['p95'] <= TARGET_P95_MS else '**not met**'} |"
            )
    return "\n".join(lines) + "\n"


def write_results(results):
    path = REPO / "bench" / "results.md"
    text = path.read_text() if path.exists() else "# Pusula benchmark\n"
    if SECTION in text:
        text = text.split(SECTION)[0].rstrip() + "\n"
    text = text.replace(
        "| Operator dashboard | – | – | – | – | – | – | not measured: the page does not exist yet |",
        "| Operator dashboard | – | – | – | – | – | – | see “Operator dashboard at scale” below |",
    )
    path.write_text(text.rstrip() + "\n\n" + section(results))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--only", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--inner")
    parser.add_argument("--work")
    parser.add_argument("--static")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    if args.inner:
        return run_database(args)
    results = {}
    with tempfile.TemporaryDirectory(prefix="pusula-dashboard-bench-") as work:
        work = Path(work)
        static = work / "static"
        collect_env = server_env("sqlite:///" + str(work / "collect.sqlite3"), static)
        subprocess.run(
            [str(BIN / "pusula"), "collectstatic", "--noinput", "-v0"], env=collect_env, cwd=REPO, check=True
        )
        for name in args.only or ("sqlite", "postgresql"):
            folder = work / name
            folder.mkdir()
            command = [PYTHON, str(Path(__file__).resolve()), "--inner", name, "--work", str(folder)]
            command += ["--static", str(static), "--sizes", ",".join(map(str, args.sizes))]
            env = dict(os.environ)
            if name == "postgresql":
                command = [str(REPO / "scripts" / "with-postgres.sh")] + command
                env.pop("DATABASE_URL", None)
            else:
                env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
            print(f"== {name}: {', '.join(map(str, args.sizes))} organizations", flush=True)
            child = subprocess.Popen(command, env=env, cwd=REPO, start_new_session=True)
            try:
                child.wait()
            finally:
                kill_group(child)
            if (folder / "result.json").exists():
                results[name] = json.loads((folder / "result.json").read_text())
    write_results(results)
    print("bench/results.md: operator dashboard section written")


if __name__ == "__main__":
    main()
