-- wrk script: POST the body in $BODY_FILE to the URL path, with the API key in $SLUICE_API_KEY.
-- Counts non-2xx responses so the driver can report errors (wrk only counts socket errors and non-2xx as one number).
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("SLUICE_API_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
