// The events Portolan tells people about, and how the preference pages name them.
export const NOTIFICATION_EVENTS = [
  "approval.requested",
  "approval.decided",
  "run.succeeded",
  "run.failed",
  "environment.expiring",
  "environment.destroyed",
  "deployment.failed",
  "initiative.reminder",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  "approval.requested": "Approval requested (to the approvers)",
  "approval.decided": "Your request was approved or rejected",
  "run.succeeded": "A run you started succeeded",
  "run.failed": "A run you started failed",
  "environment.expiring": "Your environment expires in 30 minutes",
  "environment.destroyed": "Your environment was destroyed",
  "deployment.failed": "A production deployment failed (to the owning team)",
  "initiative.reminder": "An initiative's deadline is near and your team is behind",
};
