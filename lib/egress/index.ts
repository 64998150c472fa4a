export { loopbackPortRules, originRule, type AllowRule } from "./allowlist";
export { egressFetch } from "./fetch";
export { EgressRefusedError, egressRefusal, resolveAllowed, type EgressOptions } from "./policy";
