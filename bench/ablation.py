#!/usr/bin/env python3
"""Side-by-side cost of Portcullis features: one run, several variants of the same jar.

Every variant is the plain-route Portcullis of bench/run.sh with some settings changed. All
variants run at once, pinned to the same CPU (the system-under-test CPU), and are measured in
interleaved rounds, so a loaded or noisy machine slows them alike; compare CPU us/req within one
run, not across runs. Load (wrk, 1 thread) and the nginx origin run on the other CPU.

    bench/ablation.py [--variants base,access-log,...] [--warmup 60] [--duration 10] [--rounds 3]
    bench/ablation.py --variants base,base-other-jar --other-jar /tmp/before.jar   (a change's effect)

It uses target/portcullis-0.1.0-SNAPSHOT.jar as built (./mvnw -DskipTests package first). Only
loopback addresses receive traffic; every wrk run is bounded by -d and a timeout; every process
it starts is stopped when it ends (also on Ctrl-C).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "portcullis-0.1.0-SNAPSHOT.jar")

# id -> (JVM options, application arguments, what it shows)
VARIANTS = {
    "base": ([], [], "as bench/run.sh's plain route (access log off)"),
    "base-other-jar": ([], [], "as base, from the jar named by --other-jar (a build before a change)"),
    "access-log": ([], ["--logging.level.portcullis.access=INFO"], "the access log on (one line per request)"),
    "no-observations": ([], ["--management.observations.enable.http.server.requests=false",
                             "--spring.cloud.gateway.server.webflux.observability.enabled=false",
                             "--management.tracing.sampling.probability=0"],
                        "no HTTP server or gateway observations, no tracing"),
    "no-gateway-observations": ([], ["--spring.cloud.gateway.server.webflux.observability.enabled=false"],
                                "no gateway (upstream client) observation: no http_client_requests, no upstream span"),
    "no-gateway-metrics": ([], ["--spring.cloud.gateway.server.webflux.metrics.enabled=false"],
                           "no spring_cloud_gateway_requests timer"),
    "no-tracing": ([], ["--management.tracing.sampling.probability=0"], "tracing sampling 0 instead of 0.1"),
    "no-metrics": ([], ["--management.metrics.enable.all=false"], "Micrometer meters off"),
    "java25": (["@java25"], [], "run on the JDK 25 of the container image (--java25) instead of java on PATH"),
    "io-workers-4": (["-Dreactor.netty.ioWorkerCount=4"], [],
                     "Reactor Netty's default of four event loops instead of one per CPU"),
    "serial-64m": (["-XX:+UseSerialGC", "-Xmx64m", "-Xss512k", "-XX:ReservedCodeCacheSize=64m",
                    "-XX:MaxMetaspaceSize=160m"], [], "container JVM flags: Serial GC, small heap"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def hwm_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="base,access-log,no-observations,serial-64m")
    ap.add_argument("--warmup", type=int, default=60)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--sut-cpus", default="1")
    ap.add_argument("--load-cpus", default="0")
    ap.add_argument("--out", default=None)
    ap.add_argument("--other-jar", default=None, help="the jar of variant base-other-jar")
    ap.add_argument("--java25", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                    help="the java of the variants marked @java25")
    args = ap.parse_args()
    variants = args.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            sys.exit("unknown variant %s; known: %s" % (v, ", ".join(VARIANTS)))
    if "base-other-jar" in variants and not (args.other_jar and os.path.exists(args.other_jar)):
        sys.exit("variant base-other-jar needs --other-jar PATH of an existing jar")
    for tool in ("wrk", "nginx", "taskset", "java"):
        if shutil.which(tool) is None:
            sys.exit("%s is missing (apt-get install -y nginx wrk util-linux)" % tool)
    if not os.path.exists(JAR):
        sys.exit("build the jar first: ./mvnw -q -DskipTests package")
    work = tempfile.mkdtemp(prefix="portcullis-ablation.")
    os.chmod(work, 0o755)
    procs = []

    def stop(*_):
        for p in procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.time() + 20
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
        if _:
            sys.exit(130)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        origin_port = free_port()
        os.makedirs(os.path.join(work, "origin", "logs"))
        with open(os.path.join(work, "origin", "1k"), "w") as f:
            f.write("x" * 1024)
        conf = os.path.join(work, "origin", "nginx.conf")
        with open(conf, "w") as f:
            f.write("""daemon off; worker_processes 1; pid %(w)s/origin/nginx.pid; error_log %(w)s/origin/logs/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000000; keepalive_timeout 120s;
  client_body_temp_path %(w)s/origin; proxy_temp_path %(w)s/origin; fastcgi_temp_path %(w)s/origin;
  uwsgi_temp_path %(w)s/origin; scgi_temp_path %(w)s/origin;
  server { listen 127.0.0.1:%(p)d; root %(w)s/origin; default_type text/plain;
    location / { try_files /1k =404; } } }
""" % {"w": work, "p": origin_port})
        procs.append(subprocess.Popen(["taskset", "-c", args.load_cpus, "nginx", "-p", work + "/origin", "-c", conf],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
        origin = "http://127.0.0.1:%d" % origin_port
        if status(origin + "/bench/1k") is None:
            time.sleep(1)
        if status(origin + "/bench/1k") != 200:
            raise SystemExit("the origin does not answer 200; see " + work + "/origin/logs/error.log")
        # All variants start at once on every CPU (each JVM told it has one CPU, as when pinned),
        # then move, every thread, to the system-under-test CPU: start-up on a loaded machine is
        # slow, and it is not what this measures.
        systems = {}
        for v in variants:
            jvm, app, _ = VARIANTS[v]
            port, mport = free_port(), free_port()
            log = open(os.path.join(work, v + ".log"), "w")
            jar = args.other_jar if v == "base-other-jar" else JAR
            java = args.java25 if "@java25" in jvm else "java"
            jvm = [o for o in jvm if o != "@java25"]
            cmd = [java, "-XX:ActiveProcessorCount=1"] + jvm + ["-jar", jar, "--spring.profiles.active=bench",
                   "--portcullis.demo.enabled=false", "--server.port=%d" % port,
                   "--management.server.port=%d" % mport, "--portcullis.admin.password=bench",
                   "--spring.cloud.gateway.server.webflux.routes[0].id=plain",
                   "--spring.cloud.gateway.server.webflux.routes[0].uri=" + origin,
                   "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/**"] + app
            if not any(a.startswith("--logging.level.portcullis.access=") for a in app):
                cmd.append("--logging.level.portcullis.access=OFF")  # as bench/run.sh
            p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            procs.append(p)
            systems[v] = {"pid": p.pid, "url": "http://127.0.0.1:%d/bench/1k" % port, "started": time.time(),
                          "rounds": []}
        deadline = time.time() + 900
        for v in variants:
            s = systems[v]
            while status(s["url"]) != 200:
                if procs[1 + variants.index(v)].poll() is not None or time.time() > deadline:
                    raise SystemExit("%s did not start; see %s/%s.log" % (v, work, v))
                time.sleep(0.1)
            s["start_s"] = round(time.time() - s.pop("started"), 1)
            print("%-16s started in %.1f s (all at once, not comparable to bench/run.sh)" % (v, s["start_s"]),
                  flush=True)
        for v in variants:
            subprocess.run(["taskset", "-a", "-p", "-c", args.sut_cpus, str(systems[v]["pid"])],
                           stdout=subprocess.DEVNULL, check=True)

        def wrk(url, secs):
            out = subprocess.run(["timeout", str(secs + 30), "taskset", "-c", args.load_cpus, "wrk", "-t1",
                                  "-c%d" % args.connections, "-d%ds" % secs, "--timeout", "5s", url],
                                 capture_output=True, text=True).stdout
            m = re.search(r"(\d+) requests in", out)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors", out)
            return (int(m.group(1)) if m else 0), out, errors

        for v in variants:
            print("warming %s for %d s" % (v, args.warmup), flush=True)
            wrk(systems[v]["url"], args.warmup)
        clk = os.sysconf("SC_CLK_TCK")
        for r in range(args.rounds):
            order = variants[r % len(variants):] + variants[:r % len(variants)]
            for v in order:
                s = systems[v]
                before = ticks(s["pid"])
                n, out, errors = wrk(s["url"], args.duration)
                used = ticks(s["pid"]) - before
                cpu_us = used * 1e6 / clk / n if n else None
                s["rounds"].append({"requests": n, "rps": n / args.duration, "cpu_us_per_req": cpu_us,
                                    "errors": bool(errors)})
                print("round %d %-16s %8.0f req/s %7.1f CPU us/req%s" % (r, v, n / args.duration, cpu_us or 0,
                      "  (errors!)" if errors else ""), flush=True)
                time.sleep(0.5)
        print()
        print("| variant | what | req/s (median) | CPU us/req (median) | x base CPU | peak RSS MiB | start s |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")

        def median(xs):
            xs = sorted(x for x in xs if x is not None)
            return xs[len(xs) // 2] if xs else None

        base_cpu = None
        for v in variants:
            s = systems[v]
            s["rps"] = median([x["rps"] for x in s["rounds"]])
            s["cpu_us_per_req"] = median([x["cpu_us_per_req"] for x in s["rounds"]])
            s["peak_rss_mib"] = round(hwm_mib(s["pid"]))
            if base_cpu is None:
                base_cpu = s["cpu_us_per_req"]
            print("| %s | %s | %.0f | %.1f | %.2f | %d | %.1f |" % (v, VARIANTS[v][2], s["rps"], s["cpu_us_per_req"],
                  s["cpu_us_per_req"] / base_cpu, s["peak_rss_mib"], s["start_s"]))
        out = args.out or os.path.join(ROOT, "bench", "results",
                                       "ablation-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + ".json")
        with open(out, "w") as f:
            json.dump({"params": vars(args), "load": os.getloadavg(), "systems": systems}, f, indent=1)
        print("\nwritten to %s" % out)
        shutil.rmtree(work, ignore_errors=True)
    finally:
        stop()


if __name__ == "__main__":
    main()
