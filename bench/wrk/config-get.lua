-- wrk script for bench/run: GET one config key with the API key, each connection pausing
-- NOOPS_DELAY_MS between requests (Debian's wrk has no fixed-rate mode, so the rate is
-- approximately connections * 1000 / (delay + latency): a closed loop, latency not corrected
-- for coordinated omission). Prints one line for bench/run to parse.
local key = os.getenv("NOOPS_API_KEY")
local path = os.getenv("NOOPS_PATH") or "/config/bench/db-url"
local pause = tonumber(os.getenv("NOOPS_DELAY_MS") or "0")

wrk.method = "GET"
wrk.path = path
wrk.headers["x-api-key"] = key

function delay()
  return pause
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("NOOPS_WRK p50_us=%d p99_us=%d rps=%.1f requests=%d errors=%d\n",
      latency:percentile(50), latency:percentile(99), summary.requests / (summary.duration / 1e6),
      summary.requests, errors))
end
