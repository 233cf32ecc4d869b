import { createHash } from 'node:crypto';

/**
 * The Lua scripts behind `RedisStore`: each multi-step operation in one round trip, atomic on
 * the server. Every plain or versioned value is a hash `{v: version, d: data}` so `get`, `set`,
 * `increment` and compare-and-set all agree on one key (`HGETALL key` shows both fields).
 *
 * Scripts run with EVALSHA; the SHA is computed here so no SCRIPT LOAD round trip is needed, and
 * a NOSCRIPT reply (first use, or after a Redis restart) falls back to EVAL, which caches it.
 * See https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 */
export interface RedisScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

function defineScript(name: string, source: string): RedisScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Sets TTL `ttl` (ms) on `key`, or removes any TTL when `ttl` is 0 (like SET without KEEPTTL). */
const EXPIRE = `
local function expire(key, ttl)
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
end
`;

/** ARGV[1] expected version ('' = must be absent), ARGV[2] value, ARGV[3] ttl ms. Returns the new version or nil. */
const CAS = `${EXPIRE}
local function cas(key)
  local current = redis.call('HGET', key, 'v')
  if ARGV[1] == '' then
    if current then return false end
  elseif current ~= ARGV[1] then
    return false
  end
  local version = (tonumber(current) or 0) + 1
  redis.call('HSET', key, 'v', version, 'd', ARGV[2])
  expire(key, tonumber(ARGV[3]))
  return version
end
`;

export const SCRIPTS = {
  compareAndSet: defineScript('compareAndSet', `${CAS}
return cas(KEYS[1])`),

  /** KEYS: state, list, [claim]. ARGV: expected, value, ttl, maxLength (0 = uncapped), claim ttl, items... */
  compareAndSetWithAppend: defineScript('compareAndSetWithAppend', `${CAS}
local version = cas(KEYS[1])
if version and KEYS[3] then redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[5])) end
if version and #ARGV > 5 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 6))
  local max = tonumber(ARGV[4])
  if max > 0 then redis.call('LTRIM', KEYS[2], -max, -1) end
  expire(KEYS[2], tonumber(ARGV[3]))
end
return version`),

  /** KEYS: claim, state. ARGV: claim ttl. Returns {claimed 0|1, version|nil, data|nil}. */
  claimAndGetVersioned: defineScript('claimAndGetVersioned', `${EXPIRE}
local claimed = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'v', 1, 'd', '1')
  expire(KEYS[1], tonumber(ARGV[1]))
  claimed = 1
end
local current = redis.call('HMGET', KEYS[2], 'v', 'd')
return {claimed, current[1], current[2]}`),

  /** KEYS: key. ARGV: value, ttl. */
  set: defineScript('set', `${EXPIRE}
redis.call('HSET', KEYS[1], 'd', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'v', 1)
expire(KEYS[1], tonumber(ARGV[2]))
return 1`),

  /** KEYS: keys. ARGV[1] ttl, ARGV[i + 1] the value of KEYS[i]. */
  setMany: defineScript('setMany', `${EXPIRE}
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'd', ARGV[i + 1])
  redis.call('HINCRBY', key, 'v', 1)
  expire(key, ttl)
end
return #KEYS`),

  /** KEYS: key. ARGV: value, ttl. Returns 1 when created. */
  setIfAbsent: defineScript('setIfAbsent', `${EXPIRE}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', 1, 'd', ARGV[1])
expire(KEYS[1], tonumber(ARGV[2]))
return 1`),

  /** KEYS: keys. Returns each data field (nil when absent). */
  getMany: defineScript('getMany', `
local values = {}
for i, key in ipairs(KEYS) do values[i] = redis.call('HGET', key, 'd') end
return values`),

  /** KEYS: key. ARGV: value. */
  deleteIfEquals: defineScript('deleteIfEquals', `
if redis.call('HGET', KEYS[1], 'd') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`),

  /** KEYS: key. ARGV: value, ttl. */
  extendIfEquals: defineScript('extendIfEquals', `
if redis.call('HGET', KEYS[1], 'd') ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`),

  /** KEYS: key. ARGV: by, ttl (applied only when the counter is created). Returns the new value as a string. */
  increment: defineScript('increment', `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('HINCRBYFLOAT', KEYS[1], 'd', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'v', 1)
local ttl = tonumber(ARGV[2])
if existed == 0 and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return value`),

  /** KEYS: list. ARGV: maxLength (0 = uncapped), ttl ms (0 = keep the list's TTL as it is), items... */
  listPush: defineScript('listPush', `
local n = #ARGV
local i = 3
while i <= n do
  local j = math.min(i + 999, n)
  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, j))
  i = j + 1
end
local max = tonumber(ARGV[1])
if max > 0 then redis.call('LTRIM', KEYS[1], -max, -1) end
local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`),
} as const;
