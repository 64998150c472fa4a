// Who is told what when a run waits for approval, is decided, or ends — never fatal to the run.
import type { DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notify } from "@/lib/notifications/notify";
import type { RunRow } from "./run-store";

type Target = { entity?: { ref?: string; owner?: string | null }; environment?: { name?: string } };

const targetOf = (run: Pick<RunRow, "template">) =>
  ((run.template as { spec?: { target?: Target } }).spec?.target ?? {}) as Target;

/** Approvers the template names that can be told (people and teams; roles are not addresses). */
export function approverAddresses(approvers: string[]): string[] {
  return approvers.filter((a) => /^(user|group):/i.test(a));
}

export async function notifyApprovalRequested(
  db: DbOrTx,
  run: { id: string; title: string; requestedBy: string; approvers: string[] },
  enqueue?: Enqueue | null,
) {
  await notify(
    db,
    {
      event: "approval.requested",
      recipients: approverAddresses(run.approvers),
      title: `Approval requested: ${run.title}`,
      body: `${run.requestedBy.replace(/^user:/, "")} asks for your approval.`,
      link: `/runs/${run.id}`,
      except: run.requestedBy,
    },
    { enqueue },
  );
}

export async function notifyApprovalDecided(
  db: DbOrTx,
  run: Pick<RunRow, "id" | "templateTitle" | "requestedBy">,
  decision: { approve: boolean; by: string; comment: string | null },
  enqueue?: Enqueue | null,
) {
  await notify(
    db,
    {
      event: "approval.decided",
      recipients: [run.requestedBy],
      title: `${decision.approve ? "Approved" : "Rejected"}: ${run.templateTitle}`,
      body: `by ${decision.by}${decision.comment ? `: ${decision.comment}` : ""}`,
      link: `/runs/${run.id}`,
    },
    { enqueue },
  );
}

/** The requester hears how their run ended; a failed deploy to production also reaches the owning team. */
export async function notifyRunEnded(
  db: DbOrTx,
  run: RunRow,
  outcome: "succeeded" | "failed",
  reason: string | null,
  enqueue?: Enqueue | null,
) {
  try {
    await notify(
      db,
      {
        event: outcome === "succeeded" ? "run.succeeded" : "run.failed",
        recipients: [run.requestedBy],
        title: `${run.templateTitle} ${outcome}`,
        body: reason ?? "",
        link: `/runs/${run.id}`,
      },
      { enqueue },
    );
    const target = targetOf(run);
    if (outcome === "failed" && target.entity?.owner && /^(prod|production)$/i.test(target.environment?.name ?? ""))
      await notify(
        db,
        {
          event: "deployment.failed",
          recipients: [target.entity.owner],
          title: `Production deployment of ${target.entity.ref} failed`,
          body: reason ?? "",
          link: `/runs/${run.id}`,
        },
        { enqueue },
      );
  } catch (error) {
    console.warn(`[portolan] run ${run.id}: could not notify: ${error instanceof Error ? error.message : error}`);
  }
}
