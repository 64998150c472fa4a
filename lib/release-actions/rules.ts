// The rules of production guardrails, pure so they are unit-tested: which environments need an
// approval and from whom. (Freeze windows and local times in a zone: lib/freezes.)

/** Environments that need an approval by default: production by its usual names. */
const PRODUCTION_NAMES = new Set(["production", "prod"]);

export function isProductionName(environment: string): boolean {
  return PRODUCTION_NAMES.has(environment.trim().toLowerCase());
}

export type ApprovalRule = { required: boolean; approvers: string[] };

/**
 * A deploy to production needs one approval from the owning team (admins may always approve,
 * the requester never — lib/provisioning's decideApproval enforces both). Other environments need none.
 */
export function approvalRule(environment: string, ownerRef: string | null): ApprovalRule {
  if (!isProductionName(environment)) return { required: false, approvers: [] };
  const owner = ownerRef?.toLowerCase() ?? null;
  // Only a Group can approve as a team; a User owner approves in person.
  const approvers = owner && (owner.startsWith("group:") || owner.startsWith("user:")) ? [owner] : [];
  return { required: true, approvers };
}
