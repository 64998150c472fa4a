"use client";

import { useActionState, useState } from "react";
import { ActionMessage } from "@/components/ui/action-message";
import { IDLE } from "@/app/_lib/action-state";
import { Button, inputClass } from "@/components/ui/button";
import { addFreeze } from "../actions";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="flex flex-col text-sm">
      {label}
      {children}
    </label>
  );
}

function DayTime({
  prefix,
  label,
  day,
  time,
  withDay,
}: {
  prefix: "start" | "end";
  label: string;
  day: string;
  time: string;
  withDay: boolean;
}) {
  return (
    <>
      {withDay && (
        <Field label={`${label} day`}>
          <select name={`${prefix}Day`} className={inputClass} defaultValue={day}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={`${label} time`}>
        <input name={`${prefix}Time`} type="time" className={inputClass} defaultValue={time} required />
      </Field>
    </>
  );
}

/** A one-off window (two local times) or one that repeats every week or day, in a time zone. */
export function FreezeForm({ defaultZone }: { defaultZone: string }) {
  const [state, action, isPending] = useActionState(addFreeze, IDLE);
  const [mode, setMode] = useState<"once" | "week" | "day">("once");
  return (
    <form action={action} aria-label="Set a freeze window" className="flex flex-wrap items-end gap-3">
      <Field label="Environment">
        <input
          name="environment"
          className={inputClass}
          defaultValue="production"
          required
          placeholder="* for every one"
        />
      </Field>
      <Field label="Service (optional)">
        <input name="service" className={inputClass} placeholder="every service" />
      </Field>
      <Field label="Repeats">
        <select
          name="mode"
          className={inputClass}
          value={mode}
          onChange={(e) => setMode(e.target.value as typeof mode)}
        >
          <option value="once">once</option>
          <option value="week">every week</option>
          <option value="day">every day</option>
        </select>
      </Field>
      {mode === "once" ? (
        <>
          <Field label="Starts">
            <input name="startsAt" type="datetime-local" className={inputClass} required />
          </Field>
          <Field label="Ends">
            <input name="endsAt" type="datetime-local" className={inputClass} required />
          </Field>
        </>
      ) : (
        <>
          <DayTime prefix="start" label="From" day="friday" time="16:00" withDay={mode === "week"} />
          <DayTime prefix="end" label="Until" day="monday" time="08:00" withDay={mode === "week"} />
        </>
      )}
      <Field label="Time zone">
        <input name="timeZone" className={inputClass} defaultValue={defaultZone} required />
      </Field>
      <Field label="Reason">
        <input name="reason" className={inputClass} required minLength={3} placeholder="why no deploys" />
      </Field>
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Saving…" : "Set freeze"}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
