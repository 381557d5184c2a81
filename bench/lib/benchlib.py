#!/usr/bin/env python3
"""Helpers for bench/run.sh: free ports, route files, per-run summaries and the final report.

Subcommands (all output on stdout):
  ports N                         N free loopback TCP ports, space-separated
  cpucount LIST                   how many CPUs a taskset list such as "1" or "0-1,3" names
  routes N ORIGIN_URI FILE        write a YAML list of N routes r0..r<N-1> (Path=/r<i>/**, no filters) for portcullis.routing.routes-file
  runline                         read one runs.jsonl record on stdin, print a one-line summary
  half-delay WORK ID CONNECTIONS  per-connection delay (ms) that offers half of ID's median peak req/s
  report WORK OUT [key=value...]  print the results table and write the JSON report to OUT
"""

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time

# Rows in the order they are printed. "todo" rows are systems the project will add later.
ORDER = ["origin", "nginx", "haproxy", "scg-bare", "portcullis", "portcullis-10k",
         "portcullis-chain", "portcullis-cache-hit", "portcullis-cache-hit-redis"]
# Rows the project cannot run yet; printed as TODO. (The full chain also names CircuitBreaker,
# which is not in the product: portcullis-chain runs RateLimit+ResponseCache only, see NOTES.)
TODO_ROWS = []
# Notes printed under the table and kept in the JSON row.
NOTES = {
    "portcullis": "route r9 of ten (Path=/r<i>/**, no filters, from portcullis.routing.routes-file); the "
    "same JVM serves the memory-store cache hit's route",
    "portcullis-chain": "the issue's full chain: RateLimit (1000000/1s, Redis store), ResponseCache "
    "(Redis store) on /uncacheable, a response without freshness or validators, so every request is a "
    "cache miss, then CircuitBreaker (closed), forwarded upstream",
    "portcullis-cache-hit": "ResponseCache, memory store, GET /cacheable (origin: Cache-Control: public, "
    "max-age=3600): every request after the first is a fresh hit",
    "portcullis-cache-hit-redis": "the same with portcullis.cache.store=redis (a local redis-server on the "
    "load CPUs; its CPU is not in CPU us/req), in the chain's JVM (redis-timeout 1s)",
}


NUMERIC_PARAMS = {"warmup_s", "warmup_max_s", "settle_pct", "duration_s", "native_duration_s", "rounds", "half_rounds", "connections", "threads", "elapsed_s"}


def rounded(obj):
    """Floats rounded to 3 decimals, for a readable JSON report."""
    if isinstance(obj, float):
        return round(obj, 3)
    if isinstance(obj, dict):
        return {k: rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rounded(v) for v in obj]
    return obj


def read_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    out.append(json.loads(line))
    return out


def run_metrics(rec):
    """Derived numbers of one wrk run (one runs.jsonl record)."""
    w = rec["wrk"]
    secs = w["duration_us"] / 1e6
    reqs = w["requests"]
    rps = reqs / secs if secs > 0 else 0.0
    cpu_us = rec["cpu_ticks"] / rec["clk_tck"] * 1e6
    errors = w["errors_connect"] + w["errors_read"] + w["errors_write"] + w["errors_timeout"]
    return {
        "round": rec["round"],
        "requests": reqs,
        "duration_s": round(secs, 3),
        "req_per_s": rps,
        "p50_ms": w["p50_us"] / 1000.0,
        "p90_ms": w["p90_us"] / 1000.0,
        "p99_ms": w["p99_us"] / 1000.0,
        "p999_ms": w["p999_us"] / 1000.0,
        "max_ms": w["lat_max_us"] / 1000.0,
        "cpu_us_per_req": cpu_us / reqs if reqs > 0 else None,
        # Share of the system's CPU that its JIT compiler threads used during the run (JVMs only).
        "jit_pct": (100.0 * rec["jit_ticks"] / rec["cpu_ticks"]
                    if rec.get("jit_ticks") is not None and rec["cpu_ticks"] > 0 else None),
        "sut_cpu_util": (cpu_us / 1e6) / secs if secs > 0 else None,
        "socket_errors": errors,
        "non_2xx_3xx": w["errors_status"],
        "delay_ms": rec.get("delay_ms", 0),
        "offered": rec.get("offered_rps"),
    }


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def cmd_ports(n):
    socks = []
    try:
        for _ in range(int(n)):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        print(" ".join(str(s.getsockname()[1]) for s in socks))
    finally:
        for s in socks:
            s.close()


def cmd_cpucount(spec):
    cpus = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            cpus.update(range(int(a), int(b) + 1))
        else:
            cpus.add(int(part))
    print(len(cpus))


def cmd_routes(n, origin, path):
    # A plain list of routes, for portcullis.routing.routes-file (read in linear time; the same
    # routes as spring.cloud.gateway.server.webflux.routes properties take minutes to bind).
    n = int(n)
    lines = ["# Generated by bench/run.sh: %d routes /r<i>/** -> the origin, no filters." % n]
    for i in range(n):
        lines += [
            "- id: r%d" % i,
            "  uri: %s" % origin,
            "  predicates:",
            "    - Path=/r%d/**" % i,
        ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def cmd_runline():
    rec = json.loads(sys.stdin.read())
    m = run_metrics(rec)
    cpu = "%.1f" % m["cpu_us_per_req"] if m["cpu_us_per_req"] is not None else "-"
    extra = "" if m["jit_pct"] is None else "  JIT %.1f%%" % m["jit_pct"]
    if m["socket_errors"] or m["non_2xx_3xx"]:
        extra += "  ERRORS socket=%d status>=400=%d" % (m["socket_errors"], m["non_2xx_3xx"])
    print(
        "%9.0f req/s  p50 %6.2f ms  p99 %7.2f ms  CPU %6s us/req  (SUT CPU %3.0f%%)%s"
        % (m["req_per_s"], m["p50_ms"], m["p99_ms"], cpu, 100 * (m["sut_cpu_util"] or 0), extra)
    )


def cmd_half_delay(work, sid, connections):
    runs = [r for r in read_jsonl(os.path.join(work, "runs.jsonl")) if r["system"] == sid and r["kind"] == "peak"]
    peak = med([run_metrics(r)["req_per_s"] for r in runs])
    if not peak:
        print("0")
        return
    target = peak / 2.0
    print("%.3f %.0f" % (1000.0 * int(connections) / target, target))


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        text = (p.stdout + p.stderr).strip().splitlines()
        return text[0].strip() if text else None
    except Exception:  # noqa: BLE001 - best effort metadata only
        return None


def host_info(repo):
    model = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    git = tool_version(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    dirty = tool_version(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"])
    return {
        "hostname": platform.node(),
        "kernel": platform.release(),
        "cpus_online": os.cpu_count(),
        "cpu_model": model,
        "git_commit": git,
        "git_tracked_changes": bool(dirty),
        "java": tool_version([os.environ.get("JAVA", "java"), "-version"]),
        "nginx": tool_version(["nginx", "-v"]),
        "haproxy": tool_version(["haproxy", "-v"]),
        "wrk": tool_version(["wrk", "-v"]),
    }


def filter_metrics(work, sid):
    """Totals of the cache and rate-limit counters scraped from the instance at the end of the run."""
    path = os.path.join(work, sid, "filter-metrics.txt")
    if not os.path.exists(path):
        return None
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                name_labels, value = line.rsplit(" ", 1)
                name, _, labels = name_labels.partition("{")
                labels = dict(kv.split("=", 1) for kv in labels.rstrip("}").split(",") if "=" in kv)
                labels = {k: v.strip('"') for k, v in labels.items()}
                n = int(float(value))
            except ValueError:
                continue
            if name == "portcullis_cache_requests_total":
                key = "cache_" + labels.get("result", "?")
            elif name == "portcullis_cache_store_errors_total":
                key = "cache_store_errors_" + labels.get("operation", "?")
            elif name == "portcullis_ratelimit_decisions_total":
                key = "ratelimit_" + labels.get("outcome", "?") + ("_degraded" if labels.get("degraded") == "true" else "")
            else:
                continue
            out[key] = out.get(key, 0) + n
    return out or None


def fmt(v, spec, none="-"):
    return none if v is None else format(v, spec)


def ratio(a, b):
    return a / b if a is not None and b else None


def cmd_report(work, out, *kv):
    params = {}
    for item in kv:
        k, _, v = item.partition("=")
        params[k] = int(v) if k in NUMERIC_PARAMS and v.isdigit() else v
    systems = {s["id"]: s for s in read_jsonl(os.path.join(work, "systems.jsonl"))}
    runs = read_jsonl(os.path.join(work, "runs.jsonl"))

    rows = []
    for sid in ORDER:
        if sid not in systems:
            continue
        s = systems[sid]
        peak = [run_metrics(r) for r in runs if r["system"] == sid and r["kind"] == "peak"]
        half = [run_metrics(r) for r in runs if r["system"] == sid and r["kind"] == "half"]
        row = {
            "id": sid,
            "label": s["label"],
            "status": "measured" if peak else "not measured",
            "kind": s["kind"],
            "url": s["url"],
            "pid": s.get("pid"),
            "cpus": s.get("cpus") or None,
            "req_per_s": med([m["req_per_s"] for m in peak]),
            "p50_ms": med([m["p50_ms"] for m in peak]),
            "p99_ms": med([m["p99_ms"] for m in peak]),
            "cpu_us_per_req": med([m["cpu_us_per_req"] for m in peak]),
            "sut_cpu_pct": 100 * med([m["sut_cpu_util"] for m in peak]) if peak else None,
            "peak_rss_mib": s["rss_kib"] / 1024.0 if s.get("rss_kib") else None,
            "launch_to_first_200_s": s["start_ms"] / 1000.0 if s.get("start_ms") is not None else None,
            "launch_note": s.get("start_note") or None,
            "warmup_load_s": s.get("warm_s") or None,
            "warmup_last_jit_pct": s["warm_jit_permille"] / 10.0 if s.get("warm_jit_permille") is not None else None,
            "peak_jit_pct": med([m["jit_pct"] for m in peak]),
            "note": NOTES.get(sid),
            "filter_counters": filter_metrics(work, sid),
            "half_peak": {
                "offered_req_per_s": med([m.get("offered") for m in half]) if half else None,
                "achieved_req_per_s": med([m["req_per_s"] for m in half]),
                "p50_ms": med([m["p50_ms"] for m in half]),
                "p99_ms": med([m["p99_ms"] for m in half]),
                "delay_ms": med([m["delay_ms"] for m in half]),
            },
            "errors": {
                "socket": sum(m["socket_errors"] for m in peak + half),
                "status_4xx_5xx": sum(m["non_2xx_3xx"] for m in peak + half),
            },
            "peak_rounds": peak,
            "half_peak_rounds": half,
        }
        rows.append(row)
    by = {r["id"]: r for r in rows}
    origin_rps = by.get("origin", {}).get("req_per_s")
    nginx_rps = by.get("nginx", {}).get("req_per_s")
    for r in rows:
        r["ratio_to_origin"] = ratio(r["req_per_s"], origin_rps)
        r["ratio_to_nginx"] = ratio(r["req_per_s"], nginx_rps)

    startup = read_startup(work)
    targets = evaluate_targets(by, startup)

    # ---- table ----
    head = ["system", "req/s", "x origin", "x nginx", "p50 ms", "p99 ms", "CPU us/req", "peak RSS MiB",
            "p99@half ms", "start s", "SUT CPU %"]
    table = []
    for r in rows:
        table.append([
            r["label"],
            fmt(r["req_per_s"], ".0f"),
            fmt(r["ratio_to_origin"], ".2f"),
            fmt(r["ratio_to_nginx"], ".2f"),
            fmt(r["p50_ms"], ".2f"),
            fmt(r["p99_ms"], ".2f"),
            fmt(r["cpu_us_per_req"], ".1f"),
            fmt(r["peak_rss_mib"], ".0f"),
            fmt(r["half_peak"]["p99_ms"], ".2f"),
            (fmt(r["launch_to_first_200_s"], ".2f") + ("*" if r["launch_note"] else "")) if r["kind"] == "jvm" else "-",
            fmt(r["sut_cpu_pct"], ".0f"),
        ])
    for t in TODO_ROWS:
        table.append([t["label"], "TODO: not run"] + [""] * (len(head) - 2))
    widths = [max(len(str(x[i])) for x in [head] + table) for i in range(len(head))]
    def line(cells):
        return "| " + " | ".join(
            str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(cells)) + " |"
    sep = "|-" + "-|-".join("-" * w for w in widths) + "-|"
    print()
    print("Portcullis benchmark (%s mode, %s rounds x %ss (origin, nginx, HAProxy: %ss), %s connections, "
          "%s wrk threads, pinning %s)" % (
              params.get("mode"), params.get("rounds"), params.get("duration_s"),
              params.get("native_duration_s", params.get("duration_s")), params.get("connections"),
              params.get("threads"), params.get("pinning")))
    print(line(head))
    print(sep)
    for t in table:
        print(line(t))
    print()
    print("req/s, p50, p99 and CPU us/req are medians over the peak rounds; CPU us/req and peak RSS are the")
    print("system under test's own (whole process tree). p99@half: p99 when offered half of its own peak.")
    print("start s: launch to first proxied 200 (JVM systems). SUT CPU %: the system's CPU use during the peak")
    print("runs (100% = one CPU); well below 100% when pinned means the load side, not the system, was the limit.")
    for r in rows:
        if r["launch_note"]:
            print("  * %s: %s" % (r["label"], r["launch_note"]))
    # Rows served by one JVM (run.sh's HOST) share its warm-up: one entry per JVM, its rows joined by "+".
    jvms = {}
    for r in rows:
        if r["kind"] == "jvm" and r["warmup_load_s"]:
            jvms.setdefault(r.get("pid"), []).append(r)
    warmed = ["%s %ss%s" % ("+".join(x["id"] for x in group), group[0]["warmup_load_s"],
                            "" if group[0]["warmup_last_jit_pct"] is None
                            else " (JIT %.1f%%)" % group[0]["warmup_last_jit_pct"])
              for group in jvms.values()]
    if warmed:
        print("Warm-up load per JVM (JIT share of CPU in its last slice): %s" % ", ".join(warmed))
    compiling = ["%s %.1f%% (max %.1f%%)" % (r["id"], r["peak_jit_pct"],
                                             max(m["jit_pct"] for m in r["peak_rounds"] if m["jit_pct"] is not None))
                 for r in rows if r.get("peak_jit_pct") is not None]
    if compiling:
        print("JIT share of CPU during the peak rounds (median; compiling in a round shows in its p99): %s"
              % ", ".join(compiling))
    if params.get("portcullis_jvm"):
        print("Portcullis ran with %s." % params["portcullis_jvm"])
    if startup:
        print("Start-up as the container image runs Portcullis (%s, CPUs %s, cache trained in %d s): "
              "median %.2f s to the first proxied 200 over %s" % (
                  startup["form"], startup["cpus"], startup["train_s"], startup["median_ms"] / 1000.0,
                  ", ".join("%.2f" % (ms / 1000.0) for ms in startup["runs_ms"])))
    for r in rows:
        if r["note"]:
            print("  - %s: %s" % (r["label"], r["note"]))
    if TODO_ROWS:
        print("TODO rows:")
    for t in TODO_ROWS:
        print("  - %s: %s" % (t["label"], t["note"]))
    for r in rows:
        fc = r["filter_counters"]
        if fc:
            print("  - %s, counters over warm-up and all rounds: %s" % (
                r["label"], ", ".join("%s=%d" % kv for kv in sorted(fc.items()))))
    for r in rows:
        fc = r["filter_counters"] or {}
        slow = fc.get("cache_bypass", 0) + fc.get("ratelimit_allowed_degraded", 0) + fc.get("ratelimit_denied_degraded", 0)
        denied = fc.get("ratelimit_denied", 0) + fc.get("ratelimit_denied_degraded", 0)
        if slow:
            print("WARNING: %s: %d cache bypasses / locally decided rate limits (a Redis call exceeded its "
                  "redis-timeout, usually because the saturated JVM's event loop answered late); the row "
                  "does not measure only what it claims" % (r["label"], slow))
        if denied:
            print("WARNING: %s: %d requests denied by RateLimit" % (r["label"], denied))
    bad = [r for r in rows if r["errors"]["socket"] or r["errors"]["status_4xx_5xx"]]
    for r in bad:
        print("WARNING: %s had %d socket errors and %d responses >= 400; its numbers are suspect" % (
            r["label"], r["errors"]["socket"], r["errors"]["status_4xx_5xx"]))
    if params.get("mode") == "quick":
        print("NOTE: quick mode is a smoke test. JVM systems get %ss of warm-up and are far from steady state;" %
              params.get("warmup_s"))
        print("      judge the targets on a full run (bench/run.sh, optionally --warmup 120).")
    print()
    print("Targets (from the project's issue):")
    for t in targets:
        print("  [%-4s] %-58s %s" % (t["status"], t["target"], t["measured"]))

    report = {
        "schema": 1,
        "tool": "bench/run.sh",
        "timestamp": params.pop("timestamp", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
        "params": params,
        "host": host_info(params.get("repo", ".")),
        "systems": rows + [dict(t, status="todo") for t in TODO_ROWS],
        "startup_image_form": startup,
        "targets": targets,
    }
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(rounded(report), f, indent=2)
        f.write("\n")
    os.replace(tmp, out)
    print()
    print("JSON written to %s" % out)


def read_startup(work):
    """The start-up phase's launches of the image form (startup.json), with their median; None if not run."""
    path = os.path.join(work, "startup.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        s = json.load(f)
    s["median_ms"] = med(s["runs_ms"])
    return s


def evaluate_targets(by, startup=None):
    def get(sid, key):
        return by.get(sid, {}).get(key)

    def status(ok):
        return "n/a" if ok is None else ("PASS" if ok else "FAIL")

    def per_round(a, b):
        """The ratio of two systems' req/s within each peak round, and its median: the machine's
        speed can drift during a run, and both systems of a round saw the same stretch of it."""
        ra = {m["round"]: m["req_per_s"] for m in by.get(a, {}).get("peak_rounds", [])}
        rb = {m["round"]: m["req_per_s"] for m in by.get(b, {}).get("peak_rounds", [])}
        ratios = [ratio(ra[k], rb[k]) for k in sorted(ra) if k in rb]
        ratios = [x for x in ratios if x is not None]
        return (med(ratios), ratios) if ratios else (None, [])

    def with_rounds(t, a, b):
        m, ratios = per_round(a, b)
        t[-1]["per_round"] = ratios
        t[-1]["per_round_median"] = m
        if m is not None:
            t[-1]["measured"] += "; per round %.2fx (%s)" % (m, ", ".join("%.2f" % x for x in ratios))

    t = []
    plain, bare = get("portcullis", "req_per_s"), get("scg-bare", "req_per_s")
    r = ratio(plain, bare)
    t.append({"id": "plain-vs-bare-scg", "target": "plain route req/s >= 2x bare SCG",
              "value": r, "status": status(None if r is None else r >= 2.0),
              "measured": "n/a (not run)" if r is None else "%.2fx" % r})
    with_rounds(t, "portcullis", "scg-bare")
    pc, nc = get("portcullis", "cpu_us_per_req"), get("nginx", "cpu_us_per_req")
    r = ratio(pc, nc)
    t.append({"id": "plain-cpu-vs-nginx", "target": "plain route CPU/request <= 2.5x nginx",
              "value": r, "status": status(None if r is None else r <= 2.5),
              "measured": "n/a (not run)" if r is None else "%.2fx (%.1f vs %.1f us/req)" % (r, pc, nc)})
    chain = get("portcullis-chain", "req_per_s")
    r = ratio(chain, plain)
    t.append({"id": "full-chain-vs-plain", "target": "full chain req/s >= 0.7x plain",
              "value": r, "status": status(None if r is None else r >= 0.7),
              "measured": ("n/a (not run)" if r is None else "%.2fx (%.0f vs %.0f req/s)" % (r, chain, plain))})
    with_rounds(t, "portcullis-chain", "portcullis")
    hit = get("portcullis-cache-hit", "req_per_s")
    r = ratio(hit, plain)
    t.append({"id": "cache-hit-vs-plain", "target": "cache hit (memory) req/s >= 1.5x plain",
              "value": r, "status": status(None if r is None else r >= 1.5),
              "measured": "n/a (not run)" if r is None else "%.2fx (%.0f vs %.0f req/s)" % (r, hit, plain)})
    with_rounds(t, "portcullis-cache-hit", "portcullis")
    r10, r10k = get("portcullis", "req_per_s"), get("portcullis-10k", "req_per_s")
    c10, c10k = get("portcullis", "cpu_us_per_req"), get("portcullis-10k", "cpu_us_per_req")
    if r10 and r10k and c10 and c10k:
        tput_cost = 1 - r10k / r10
        cpu_cost = c10k / c10 - 1
        cost = max(tput_cost, cpu_cost)
        t.append({"id": "10k-routes-cost", "target": "10,000 routes cost <= 10% vs 10 routes", "value": cost,
                  "status": status(cost <= 0.10),
                  "measured": "req/s %+.1f%%, CPU/req %+.1f%%" % (-100 * tput_cost, 100 * cpu_cost)})
    else:
        t.append({"id": "10k-routes-cost", "target": "10,000 routes cost <= 10% vs 10 routes", "value": None,
                  "status": "n/a", "measured": "n/a (not run)"})
    hp = by.get("portcullis", {}).get("half_peak", {}).get("p99_ms")
    ho = by.get("origin", {}).get("half_peak", {}).get("p99_ms")
    if hp is not None and ho is not None:
        diff = hp - ho
        t.append({"id": "p99-half-peak-vs-origin", "target": "p99 at half peak within 2 ms of origin",
                  "value": diff, "status": status(diff <= 2.0),
                  "measured": "%+.2f ms (%.2f vs %.2f ms)" % (diff, hp, ho)})
    else:
        t.append({"id": "p99-half-peak-vs-origin", "target": "p99 at half peak within 2 ms of origin",
                  "value": None, "status": "n/a", "measured": "n/a (not run)"})
    rss = get("portcullis", "peak_rss_mib")
    t.append({"id": "peak-rss", "target": "peak RSS <= 350 MiB (plain route)", "value": rss,
              "status": status(None if rss is None else rss <= 350),
              "measured": "n/a (not run)" if rss is None else "%.0f MiB" % rss})
    if startup:
        st = startup["median_ms"] / 1000.0
        how = "%.2f s (%s, CPUs %s)" % (st, startup["form"], startup["cpus"])
    else:
        st = get("portcullis", "launch_to_first_200_s")
        how = None if st is None else "%.2f s (plain jar, pinned CPU; no image-form start-up runs)" % st
    t.append({"id": "launch-to-first-200", "target": "launch to first proxied 200 <= 3 s on 2 cores", "value": st,
              "status": status(None if st is None else st <= 3.0), "measured": how or "n/a (not run)"})
    return t


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    cmd, args = argv[1], argv[2:]
    handlers = {
        "ports": cmd_ports,
        "cpucount": cmd_cpucount,
        "routes": cmd_routes,
        "runline": cmd_runline,
        "half-delay": cmd_half_delay,
        "report": cmd_report,
    }
    if cmd not in handlers:
        print(__doc__, file=sys.stderr)
        return 64
    handlers[cmd](*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
