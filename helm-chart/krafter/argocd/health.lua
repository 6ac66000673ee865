-- Argo CD health check for every krafter.dev kind (KafkaCluster, Topic, ConsumerGroup, KafkaUser; register it as
-- resource.customizations.health.krafter.dev_<Kind>). Reads what the Krafter operator writes on each of them:
-- status.observedGeneration and the kstatus conditions Ready, Reconciling and Stalled. Written for Argo CD's Lua 5.1
-- (gopher-lua); tested with lua5.1 and lua5.4.
--   no status yet, or status older than the spec (observedGeneration < generation)  -> Progressing
--   annotation krafter.dev/paused: "true" (reconciliation paused)                  -> Suspended
--   Stalled=True (cannot progress without a spec change)                           -> Degraded
--   Reconciling=True (work under way)                                               -> Progressing
--   Ready=True                                                                      -> Healthy
--   Ready=False with neither Reconciling nor Stalled (nobody is working on it)      -> Degraded
--   Ready missing or Unknown                                                        -> Progressing
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function describe(c, fallback)
  if c == nil then
    return fallback
  end
  local text = c.reason or fallback
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

if obj.metadata ~= nil and obj.metadata.annotations ~= nil
    and obj.metadata.annotations["krafter.dev/paused"] == "true" then
  hs.status = "Suspended"
  hs.message = "Reconciliation is paused (annotation krafter.dev/paused)"
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to process generation " .. tostring(generation)
      .. " (observed " .. tostring(observed or "none") .. ")"
  return hs
end

local ready = condition("Ready")
local reconciling = condition("Reconciling")
local stalled = condition("Stalled")

if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
elseif isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = describe(reconciling, "Reconciling")
elseif isTrue(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
elseif ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready, "NotReady")
else
  hs.status = "Progressing"
  hs.message = describe(ready, "Waiting for the Ready condition")
end

-- A KafkaCluster's broker counts help while it starts, scales or rolls (no other kind has status.brokers).
local brokers = obj.status.brokers
if brokers ~= nil and brokers.desired ~= nil then
  hs.message = hs.message .. " (brokers ready: " .. tostring(brokers.ready or 0) .. "/" .. tostring(brokers.desired) .. ")"
end

return hs
