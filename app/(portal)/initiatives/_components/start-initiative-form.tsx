"use client";

import Link from "next/link";
import { useActionState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass, linkClass } from "@/components/ui/button";
import { startInitiative } from "../actions";

type Props = { scorecards: { name: string; title: string; levels: string[] }[] };

/** Admins start an initiative: a scorecard level, the teams whose services it covers, an owner, a deadline. */
export function StartInitiativeForm({ scorecards }: Props) {
  const [state, action, isPending] = useActionState(startInitiative, IDLE);
  const field = (id: string, label: string, input: React.ReactNode) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {input}
    </div>
  );
  return (
    <form action={action} className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        {field(
          "initiative-name",
          "Name",
          <input id="initiative-name" name="name" required maxLength={120} className={`${inputClass} w-64`} />,
        )}
        {field(
          "initiative-scorecard",
          "Scorecard",
          <select id="initiative-scorecard" name="scorecard" className={inputClass}>
            {scorecards.map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </select>,
        )}
        {field(
          "initiative-level",
          "Level to reach",
          <select id="initiative-level" name="level" className={inputClass}>
            {[...new Set(scorecards.flatMap((s) => s.levels))].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>,
        )}
        {field(
          "initiative-owner",
          "Owning team",
          <input id="initiative-owner" name="owner" required placeholder="platform" className={inputClass} />,
        )}
        {field(
          "initiative-deadline",
          "Deadline",
          <input id="initiative-deadline" name="deadline" type="date" required className={inputClass} />,
        )}
        {field(
          "initiative-teams",
          "Services of teams (empty: all)",
          <input id="initiative-teams" name="teams" placeholder="team-a, team-b" className={`${inputClass} w-56`} />,
        )}
      </div>
      <Button type="submit" variant="primary" disabled={isPending}>
        Start initiative
      </Button>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && (
        <Alert tone="success">
          {state.message}{" "}
          {state.data && (
            <Link href={`/initiatives/${state.data.id}`} className={linkClass}>
              Open it
            </Link>
          )}
        </Alert>
      )}
    </form>
  );
}
