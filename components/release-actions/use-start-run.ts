"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiJson } from "@/components/self-service/api";

/** Starts a run (POST /api/v1/runs) and opens its page; while it is asked, busy; a refusal, its message. */
export function useStartRun() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const run = await apiJson<{ id: string }>("/api/v1/runs", { method: "POST", body: JSON.stringify(body) });
      router.push(`/runs/${run.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return { start, busy, error };
}
