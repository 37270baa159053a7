-- bench/web_wrk.lua — wrk's requests for the web benchmark (bench/web_bench.sh).
--   wrk ... -s bench/web_wrk.lua URL -- get    FILE THREADS   GET each attempt's current question
--   wrk ... -s bench/web_wrk.lua URL -- post   FILE THREADS   POST the answer to each next question
--   wrk ... -s bench/web_wrk.lua URL -- static                 GET URL as it is (nginx)
-- FILE has a line "ATTEMPT_ID COOKIE CSRF" per attempt (bench/web_setup.mjs). Each
-- wrk thread takes its own slice of the attempts and goes round them in turn; with
-- more attempts in a slice than the thread has connections, an attempt's next answer
-- is sent only after its previous one was answered (wrk sends a connection's next
-- request after its response), so every POST stores a new answer at the position
-- waiting for it, with its own client request id. done() prints one line for the
-- script: "WRK requests=N seconds=S rps=R p50_us=A p99_us=B non2xx=C errors=E".

local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local mode, reqs, n, i, calls = "static", {}, 0, 0, 0

function init(args)
  mode = args[1] or "static"
  if mode == "static" then
    return
  end
  local threads = tonumber(args[3])
  local k = 0
  for line in io.lines(args[2]) do
    local id, cookie, csrf = line:match("^(%d+) (%S+) (%S+)$")
    if id and k % threads == tid then
      n = n + 1
      reqs[n] = {id = id, cookie = cookie, csrf = csrf, pos = 1}
    end
    k = k + 1
  end
  if n == 0 then
    error("no attempts for thread " .. tid .. " in " .. args[2])
  end
end

function request()
  calls = calls + 1
  if mode == "static" or (tid == 0 and calls == 1) then
    -- wrk 4.1 calls request() once on thread 0's state to check the script and throws
    -- the result away (script_verify_request): that call must not use up an answer
    return wrk.request()
  end
  i = i % n + 1
  local a = reqs[i]
  if mode == "get" then
    return wrk.format("GET", "/api/v1/attempts/" .. a.id .. "/question", {Cookie = a.cookie})
  end
  -- a choice every multiple-choice question has (it may have 3 options, never fewer)
  local body = string.format(
    '{"position":%d,"request_id":"w%s-%d","answer":{"choice":%d}}', a.pos, a.id, a.pos, a.pos % 3)
  a.pos = a.pos + 1
  return wrk.format("POST", "/api/v1/attempts/" .. a.id .. "/answers", {
    Cookie = a.cookie,
    ["X-CSRF-Token"] = a.csrf,
    ["Content-Type"] = "application/json",
  }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local s = summary.duration / 1e6
  io.write(string.format(
    "WRK requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, s, summary.requests / s, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
