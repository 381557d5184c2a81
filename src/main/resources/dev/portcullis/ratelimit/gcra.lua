-- GCRA over several limits of one key, atomically. The same arithmetic as GcraPolicy.java.
-- KEYS[i]: the TAT of limit i (microseconds since the epoch, as an integer string)
-- ARGV[1]: 'acquire' to consume one request when every limit allows it, 'peek' to only read
-- ARGV[2i], ARGV[2i+1]: limit i's emission interval and burst tolerance, in microseconds
-- Returns 'allowed now tat1 tat2 ...' with the TATs as they were before this call.
-- Redis server time is used so that replicas with skewed clocks agree; on Redis 5+ scripts
-- are replicated as effects, so calling TIME before writing is allowed.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tats = {}
local allowed = 1
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i])
  local tolerance = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  tats[i] = tat
  if math.max(tat, now) + interval - now > tolerance then
    allowed = 0
  end
end
if allowed == 1 and ARGV[1] == 'acquire' then
  for i = 1, #KEYS do
    local next = math.max(tats[i], now) + tonumber(ARGV[2 * i])
    -- the key expires when the limit is full again, which is when forgetting it changes nothing
    local idle = math.ceil((next - now) / 1000)
    redis.call('SET', KEYS[i], string.format('%d', next), 'PX', math.max(1, idle))
  end
end
local reply = { string.format('%d %d', allowed, now) }
for i = 1, #KEYS do
  reply[#reply + 1] = string.format('%d', tats[i])
end
return table.concat(reply, ' ')
