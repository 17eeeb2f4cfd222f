-- wrk script for bench/directory (DirectoryBenchmark): one SCIM request kind per run, chosen by the first argument.
--   wrk -t N -c N -d Ss -s bench/wrk/scim.lua http://127.0.0.1:PORT -- MODE TOKEN [ARGUMENTS]
-- Modes (every wrk thread holds one connection, so a thread's requests run one at a time, in order):
--   filter USERS        GET /Users?filter=userName eq "uNNNNN", NNNNN uniform in [0, USERS)
--   id IDS              GET /Users/{id}, ids drawn from the file IDS (one per line)
--   patch IDS           PATCH /Users/{id}: replace title
--   post PREFIX         POST /Users: userName PREFIX-<thread>-<n>, names, a work email
--   member GROUP IDS    PATCH /Groups/GROUP: thread k adds, then removes, the user on line k of IDS; repeatedly
--   walk TOTAL          GET /Users?startIndex=..&count=100, each thread from 1 to TOTAL, then again from 1
--   floor-filter USERS  GET /floor/Users?uid=uNNNNN on FloorServer (bench/directory --floor): the stack's floor
--   floor-patch USERS   PATCH /floor/Users/uNNNNN on FloorServer, the body of the patch mode
-- done() prints one line "RESULT key=value ..." that DirectoryBenchmark reads: requests, microseconds, latency
-- percentiles in microseconds, and the socket errors and non-2xx/3xx answers wrk counted.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

local function lines(path)
   local list = {}
   for line in io.lines(path) do
      if line ~= "" then table.insert(list, line) end
   end
   return list
end

function init(args)
   mode, token = args[1], args[2]
   wrk.headers["Authorization"] = "Bearer " .. token
   wrk.headers["Accept"] = "application/scim+json"
   -- wrk.format uses the headers it is given instead of wrk.headers, so the write requests get a copy with the body's type.
   json = { ["Content-Type"] = "application/scim+json" }
   for name, value in pairs(wrk.headers) do json[name] = value end
   math.randomseed(thread_number * 7919 + os.time())
   counter = 0
   if mode == "filter" or mode == "floor-filter" or mode == "floor-patch" then
      users = tonumber(args[3])
   elseif mode == "id" or mode == "patch" then
      ids = lines(args[3])
   elseif mode == "post" then
      prefix = args[3]
   elseif mode == "member" then
      group = args[3]
      member = lines(args[4])[thread_number]
      add = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members",'
         .. '"value":[{"value":"' .. member .. '"}]}]}'
      remove = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove",'
         .. '"path":"members[value eq \\"' .. member .. '\\"]"}]}'
   elseif mode == "walk" then
      total = tonumber(args[3])
      start = 1
   else
      error("unknown mode " .. tostring(mode))
   end
end


request = function()
   counter = counter + 1
   if mode == "filter" then
      local uid = string.format("u%05d", math.random(0, users - 1))
      return wrk.format("GET", "/scim/v2/Users?filter=userName%20eq%20%22" .. uid .. "%22")
   elseif mode == "floor-filter" then
      return wrk.format("GET", "/floor/Users?uid=" .. string.format("u%05d", math.random(0, users - 1)))
   elseif mode == "floor-patch" then
      local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace",'
         .. '"path":"title","value":"Title ' .. counter .. '"}]}'
      return wrk.format("PATCH", "/floor/Users/" .. string.format("u%05d", math.random(0, users - 1)), json, body)
   elseif mode == "id" then
      return wrk.format("GET", "/scim/v2/Users/" .. ids[math.random(#ids)])
   elseif mode == "patch" then
      local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace",'
         .. '"path":"title","value":"Title ' .. counter .. '"}]}'
      return wrk.format("PATCH", "/scim/v2/Users/" .. ids[math.random(#ids)], json, body)
   elseif mode == "post" then
      local name = prefix .. "-" .. thread_number .. "-" .. counter
      local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name .. '",'
         .. '"name":{"givenName":"Given","familyName":"' .. name .. '"},"displayName":"Given ' .. name .. '",'
         .. '"emails":[{"type":"work","value":"' .. name .. '@example.com","primary":true}],"active":true}'
      return wrk.format("POST", "/scim/v2/Users", json, body)
   elseif mode == "member" then
      local body = (counter % 2 == 1) and add or remove
      return wrk.format("PATCH", "/scim/v2/Groups/" .. group .. "?excludedAttributes=members", json, body)
   else -- walk
      local path = "/scim/v2/Users?startIndex=" .. start .. "&count=100"
      start = start + 100
      if start > total then start = 1 end
      return wrk.format("GET", path)
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("RESULT requests=%d micros=%d p50=%d p99=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect, e.read, e.write, e.timeout, e.status))
end
