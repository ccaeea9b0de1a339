-- wrk script for `make bench` (bench/run.py): latency percentiles, status counts and, for the ballot POST, one
-- fresh verified session per request. Environment:
--   BENCH_COOKIE    Cookie header for every request (logged-in pages: the session from the real login form)
--   BENCH_BODY      request body; when set, requests are POSTs (form-encoded)
--   BENCH_SESSIONS  file of session keys, one a line: request k of thread t uses line t + k·threads, so no
--                   session (= verified voter) is used twice
--   BENCH_EXTRA     extra cookies appended after the per-request session cookie
-- `sent` counts the requests built by request() (each is written at once): with the answers counted in
-- response(), sent − answered = the requests still in flight when wrk stopped at its deadline (bench/accounting.py).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  cookie = os.getenv("BENCH_COOKIE") or ""
  body = os.getenv("BENCH_BODY")
  extra = os.getenv("BENCH_EXTRA") or ""
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  sessions = nil
  local path = os.getenv("BENCH_SESSIONS")
  if path and path ~= "" then
    sessions = {}
    for line in io.lines(path) do table.insert(sessions, line) end
  end
  n2xx, n3xx, n4xx, n5xx, exhausted, sent = 0, 0, 0, 0, 0, 0
  k = 0
end

function request()
  sent = sent + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if sessions then
    local index = tid + k * nthreads + 1
    k = k + 1
    local key = sessions[index]
    if key == nil then
      exhausted = exhausted + 1
      key = "exhausted"
    end
    headers["Cookie"] = "sessionid=" .. key .. "; " .. extra
  end
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", nil, headers, body)
  end
  return wrk.format("GET", nil, headers)
end

function response(status, headers, body)
  if status < 300 then n2xx = n2xx + 1
  elseif status < 400 then n3xx = n3xx + 1
  elseif status < 500 then n4xx = n4xx + 1
  else n5xx = n5xx + 1 end
end

function done(summary, latency, requests)
  local s2, s3, s4, s5, ex, sn = 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s2 = s2 + t:get("n2xx"); s3 = s3 + t:get("n3xx"); s4 = s4 + t:get("n4xx"); s5 = s5 + t:get("n5xx")
    ex = ex + t:get("exhausted"); sn = sn + t:get("sent")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"s2xx":%d,"s3xx":%d,"s4xx":%d,"s5xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"exhausted":%d,"sent":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, s2, s3, s4, s5, e.connect, e.read, e.write, e.timeout, ex, sn))
end
