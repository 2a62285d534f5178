-- wrk script for test/load/run.ts: each connection rotates through the paths given as
-- arguments, and every thread counts responses outside 2xx (wrk itself only counts >= 400).
local paths = {}
local next_path = 0
non2xx = 0

function init(args)
  for i, p in ipairs(args) do paths[i] = p end
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
    'LOAD-RESULT {"requests":%d,"seconds":%.3f,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration / 1e6, total, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
