"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { requestCompareAction } from "@/app/(portal)/deployments/actions";
import { IDLE } from "@/app/_lib/action-state";

/** Asks for the comparison once, then refreshes the server-rendered page until the job has stored it. */
export function ComparePending({ service, base, head }: { service: string; base: string; head: string }) {
  const router = useRouter();
  const [message, setMessage] = useState("Fetching the commits from GitHub…");
  useEffect(() => {
    let stopped = false;
    let tries = 0;
    const tick = async () => {
      const result = await requestCompareAction(IDLE, { service, base, head }).catch(() => ({ status: "error" as const, message: "Could not reach the portal." }));
      if (stopped) return;
      if (!(result.status === "ok" && result.data?.pending)) return router.refresh();
      if (++tries > 30) return setMessage("Still waiting for the worker; try again in a minute.");
      setTimeout(tick, 2000);
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [service, base, head, router]);
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
      {message}
    </p>
  );
}
