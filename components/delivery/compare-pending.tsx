"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

type State = { status: "pending" | "ready" | "failed"; error: string | null };

/** Asks for the comparison, polls its state until the job has stored it, then re-renders the page with it. */
export function ComparePending({ service, base, head }: { service: string; base: string; head: string }) {
  const router = useRouter();
  const { data, isError, isFetching } = useQuery({
    queryKey: ["release-compare", service, base, head],
    queryFn: async ({ signal }): Promise<State> => {
      const response = await fetch(`/api/v1/releases/compare?${new URLSearchParams({ service, base, head })}`, {
        signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    // Every 2 s while pending, for a minute; the worker normally answers in well under that.
    refetchInterval: (query) =>
      query.state.data?.status === "pending" && query.state.dataUpdateCount < 30 ? 2000 : false,
  });
  const isDone = data !== undefined && data.status !== "pending";
  useEffect(() => {
    if (isDone) router.refresh();
  }, [isDone, router]);
  const gaveUp = data?.status === "pending" && !isFetching;
  const message = isError
    ? "Could not reach the portal."
    : gaveUp
      ? "Still waiting for the worker; try again in a minute."
      : "Fetching the commits from GitHub…";
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
      {message}
    </p>
  );
}
