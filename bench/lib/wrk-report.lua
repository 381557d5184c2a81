-- wrk script for bench/run.sh.
--
-- BENCH_DELAY_MS (environment): when set and > 0, each connection waits before sending its next
-- request, a random time drawn from an exponential distribution with this mean (in whole
-- milliseconds), so that requests arrive about as independent clients send them (Poisson-like).
-- With C connections the offered rate is about C * 1000 / BENCH_DELAY_MS requests per second;
-- run.sh uses it to drive a system at half of its measured peak. wrk starts a request's latency
-- clock after the delay.
--
-- A fixed delay (what this script did until stop 15) keeps the connections in step: they all
-- wait the same time after a burst has been answered, so they send the next burst together, and
-- the p99 measured the time a single-threaded system takes to drain 64 requests at once (64
-- times its CPU per request) rather than its latency at half load.
--
-- done(): prints one line "WRKJSON {...}" with the summary and latency percentiles (in µs).

local d = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if d and d > 0 then
  delay = function()
    return math.floor(-d * math.log(1 - math.random()) + 0.5)
  end
end

-- BENCH_PATHS (environment): when set, a comma-separated list of paths that the requests take in
-- turn (run.sh's warm-up of a JVM that serves several rows); otherwise every request asks for the
-- URL's path.
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^,]+") do
  paths[#paths + 1] = p
end
if #paths > 0 then
  local next_path = 0
  request = function()
    next_path = next_path % #paths + 1
    return wrk.format(nil, paths[next_path])
  end
end

function init(args)
  -- wrk seeds every thread's generator alike; give each thread its own sequence.
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,' ..
    '"errors_connect":%.0f,"errors_read":%.0f,"errors_write":%.0f,"errors_status":%.0f,"errors_timeout":%.0f,' ..
    '"lat_mean_us":%.1f,"lat_max_us":%.0f,"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"p999_us":%.0f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
