-- wrk script of bench/wrk.ts: each connection rotates through the paths given as arguments
-- (none: the URL's own path, and wrk builds the one request itself), every thread counts
-- responses outside 2xx (wrk itself only counts >= 400), and done() prints one JSON line.
local paths = {}
local next_path = 0
non2xx = 0

function init(args)
  for i, p in ipairs(args) do paths[i] = p end
  -- A static request (no request() to call per request) when there is only one path.
  if #paths == 0 then request = nil end
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests":%d,"seconds":%.6f,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration / 1e6, total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
