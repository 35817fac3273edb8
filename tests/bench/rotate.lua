-- Every request a different path, read from the file the bench names (one path a line), so each
-- one finds the page cache cold. wrk's threads take interleaved turns through the list and never
-- ask for the same path twice while it lasts.
local paths = {}
local next_index, step = 1, 1

function setup(thread)
  thread:set("offset", thread_count or 0)
  thread_count = (thread_count or 0) + 1
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  step = tonumber(args[2])
  next_index = offset + 1
end

function request()
  local path = paths[(next_index - 1) % #paths + 1]
  next_index = next_index + step
  return wrk.format(nil, path)
end

dofile(os.getenv("BENCH_DIR") .. "/latency.lua")
