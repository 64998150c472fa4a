"use client";
import { useState, type ReactNode } from "react";
import { Button, inputClass } from "@/components/ui/button";
import { useStartRun } from "./use-start-run";
import { actionRunBody } from "@/lib/release-actions/run-body";
import type { ReleaseAction } from "@/lib/release-actions/list-actions";

type Props = {
  entity: string;
  actions: ReleaseAction[];
  /** What is live in each action's environment now, by index. */
  bases: Record<number, string | null>;
  /** The compare (server-rendered) each promotion would ship, by index. */
  compares: Record<number, ReactNode>;
  canOverrideFreeze: boolean;
};

const TONE: Record<string, "primary" | "secondary" | "danger"> = {
  promote: "primary",
  redeploy: "secondary",
  rollback: "danger",
};

/** The release-action buttons of a service: one click opens the confirmation, which starts the run. */
export function ReleaseActions({ entity, actions, bases, compares, canOverrideFreeze }: Props) {
  const [open, setOpen] = useState<number | null>(null);
  const environments = [...new Set(actions.map((a) => a.target.environment))];
  return (
    <div className="space-y-3">
      {environments.map((env) => (
        <div key={env} role="group" aria-label={`Actions on ${env}`} className="flex flex-wrap items-center gap-2">
          <span className="w-24 text-xs font-medium text-slate-600 dark:text-slate-300">{env}</span>
          {actions.map((action, i) =>
            action.target.environment === env ? (
              <Button
                key={i}
                variant={TONE[action.template]}
                aria-expanded={open === i}
                onClick={() => setOpen(open === i ? null : i)}
              >
                {action.title}
              </Button>
            ) : null,
          )}
        </div>
      ))}
      {open !== null && actions[open] && (
        <ConfirmAction
          key={open}
          entity={entity}
          action={actions[open]}
          base={bases[open] ?? null}
          compare={compares[open]}
          canOverrideFreeze={canOverrideFreeze}
          onCancel={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function ConfirmAction({
  entity,
  action,
  base,
  compare,
  canOverrideFreeze,
  onCancel,
}: {
  entity: string;
  action: ReleaseAction;
  base: string | null;
  compare: ReactNode;
  canOverrideFreeze: boolean;
  onCancel: () => void;
}) {
  const { start, busy, error } = useStartRun();
  const [override, setOverride] = useState("");
  const { environment, from, version } = action.target;
  const submit = () =>
    start({
      ...actionRunBody(action),
      entity,
      ...(override.trim() ? { overrideFreeze: override.trim() } : {}),
    });
  return (
    <div
      role="region"
      aria-label={`Confirm: ${action.title}`}
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-800 dark:bg-slate-800/50"
    >
      <p className="text-slate-800 dark:text-slate-100">
        {action.template === "promote" && (
          <>
            Deploy <strong>{version}</strong> (promoted from {from}) to <strong>{environment}</strong>, where{" "}
            {base ? <strong>{base}</strong> : "nothing"} is live now.
          </>
        )}
        {action.template === "rollback" && (
          <>
            Roll <strong>{environment}</strong> back from <strong>{base}</strong> to the previous good version{" "}
            <strong>{version}</strong>.
          </>
        )}
        {action.template === "redeploy" && (
          <>
            Deploy <strong>{version}</strong> to <strong>{environment}</strong> again.
          </>
        )}
        {/^(prod|production)$/i.test(environment) &&
          " Production waits for an approval from the owning team or an admin."}
      </p>
      {compare}
      {canOverrideFreeze && (
        <label className="block text-xs text-slate-600 dark:text-slate-300">
          Deploy during a freeze window anyway (admins; the reason is audited)
          <input
            className={`mt-1 block w-full ${inputClass}`}
            value={override}
            onChange={(e) => setOverride(e.target.value)}
            placeholder="only if a freeze is on: why this cannot wait"
          />
        </label>
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button variant={TONE[action.template]} onClick={submit} disabled={busy}>
          {busy ? "Starting…" : `Confirm: ${action.title}`}
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
