-- wrk script for bench/run.sh.
--
-- BENCH_DELAY_MS (environment): when set and > 0, each connection waits this many milliseconds
-- (on average; fractions are dithered) before sending its next request. With C connections the
-- offered rate is about C * 1000 / BENCH_DELAY_MS requests per second; run.sh uses it to drive
-- a system at half of its measured peak. wrk starts a request's latency clock after the delay.
--
-- done(): prints one line "WRKJSON {...}" with the summary and latency percentiles (in µs).

local d = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if d and d > 0 then
  local base = math.floor(d)
  local frac = d - base
  delay = function()
    if math.random() < frac then
      return base + 1
    end
    return base
  end
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
