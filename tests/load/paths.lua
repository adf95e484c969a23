-- wrk script for the jiewang load tests: cycles through the request paths in the file named by
-- the environment variable JW_PATHS (one path per line), per thread from a different offset, and
-- counts responses by class; done() prints "status 2xx=N 3xx=N 4xx=N 5xx=N" for the test.
local paths = {}
local counts = {}
local idx = 0

function setup(thread)
  thread:set("id", #counts + 1)
  table.insert(counts, thread)
end

function init(args)
  for line in io.lines(os.getenv("JW_PATHS")) do
    if #line > 0 then table.insert(paths, line) end
  end
  idx = (id or 1) * 7919
  c2, c3, c4, c5 = 0, 0, 0, 0
end

function request()
  idx = idx + 1
  local p = paths[(idx % #paths) + 1]
  return wrk.format("GET", p, { ["Accept-Encoding"] = "gzip" })
end

function response(status, headers, body)
  if status >= 500 then c5 = c5 + 1
  elseif status >= 400 then c4 = c4 + 1
  elseif status >= 300 then c3 = c3 + 1
  else c2 = c2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, t in ipairs(counts) do
    t2 = t2 + t:get("c2"); t3 = t3 + t:get("c3"); t4 = t4 + t:get("c4"); t5 = t5 + t:get("c5")
  end
  io.write(string.format("status 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", t2, t3, t4, t5))
  io.write(string.format("latency p50=%.1fms p99=%.1fms max=%.1fms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
