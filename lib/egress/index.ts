export { classifyAddress } from "./addresses";
export { loopbackPortRules, originRule, parseAllowlist, type AllowRule } from "./allowlist";
export { egressFetch, type EgressInit } from "./fetch";
export { EgressRefusedError, egressRefusal, resolveAllowed, type EgressOptions, type Lookup } from "./policy";
