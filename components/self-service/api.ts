"use client";

/** Small fetch helpers for the self-service pages (the session cookie authenticates). */
export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

export const STATUS_TONE: Record<string, "neutral" | "brand" | "green" | "amber" | "red" | "violet"> = {
  queued: "neutral",
  requested: "neutral",
  pending: "neutral",
  awaiting_approval: "amber",
  running: "brand",
  provisioning: "brand",
  succeeded: "green",
  ready: "green",
  sleeping: "violet",
  asleep: "neutral",
  waking: "brand",
  skipped: "neutral",
  destroying: "violet",
  destroyed: "neutral",
  rolled_back: "violet",
  cancelled: "neutral",
  failed: "red",
};

export function timeLeft(expiresAt: string, now = Date.now()): string {
  const ms = new Date(expiresAt).getTime() - now;
  if (ms <= 0) return "expired";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min left`;
}

/** "1.25 resource-hours · 2.50 EUR": time awake so far and, with a price set, its cost. */
export function usageText(env: { resourceHours: number; cost: { amount: number; currency: string } | null }): string {
  const hours = `${env.resourceHours.toFixed(2)} resource-hours`;
  return env.cost ? `${hours} · ${env.cost.amount.toFixed(2)} ${env.cost.currency}` : hours;
}
