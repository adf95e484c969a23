-- wrk script of the benchmarks (bench/server.sh, bench/features_peer.sh): cycles through the
-- paths in the file named by env LIST, each thread from its own offset.
local paths = {}
local i = 1
function setup(thread) thread:set("offset", math.random(1, 100000)) end
function init(args)
  for line in io.lines(os.getenv("LIST")) do paths[#paths + 1] = line end
  i = (tonumber(offset) or 1) % #paths + 1
end
function request()
  local p = paths[i]
  i = i % #paths + 1
  return wrk.format("GET", p)
end
