"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { apiJson } from "./api";

type Env = { id: string; name: string; canSleep: boolean; canWake: boolean };

/** Sleep (stop, keep the data) or wake an environment; the caller refetches to follow sleeping → asleep. */
export function SleepWakeButtons({ env, onChanged }: { env: Env; onChanged: () => void }) {
  const change = useMutation({
    mutationFn: (verb: "sleep" | "wake") =>
      apiJson(`/api/v1/environments/${env.id}/${verb}`, { method: "POST", body: "{}" }),
    onSettled: onChanged,
  });
  if (!env.canSleep && !env.canWake) return null;
  return (
    <>
      {change.error && <Alert tone="error">{change.error.message}</Alert>}
      {env.canSleep && (
        <Button
          disabled={change.isPending}
          onClick={() => change.mutate("sleep")}
          aria-label={`Sleep ${env.name}`}
          title="Stop it and keep its data; resource-hours stop counting"
        >
          Sleep
        </Button>
      )}
      {env.canWake && (
        <Button
          variant="primary"
          disabled={change.isPending}
          onClick={() => change.mutate("wake")}
          aria-label={`Wake ${env.name}`}
          title="Start it again on the same data"
        >
          Wake
        </Button>
      )}
    </>
  );
}
