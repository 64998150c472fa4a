"use client";

import { useState, useSyncExternalStore } from "react";
import { apiJson } from "@/components/self-service/api";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { ChannelView, CreatedChannel, PreferenceMatrix } from "@/lib/notifications/responses";

type Props = {
  /** A team's ref; none: the signed-in person. */
  team?: string;
  initialMatrix: PreferenceMatrix;
  initialChannels: ChannelView[];
};

/** A person's or a team's outbound channels and which events reach them where (the inbox and each channel). */
export function NotificationSettings({ team, initialMatrix, initialChannels }: Props) {
  const [matrix, setMatrix] = useState(initialMatrix);
  const [channels, setChannels] = useState(initialChannels);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const [busy, setBusy] = useState(false);
  // False on the server and while hydrating: the boxes wait for the code that saves them.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const ownerQuery = team ? `?owner=${encodeURIComponent(team)}` : "";

  const reload = async () => {
    const [m, c] = await Promise.all([
      apiJson<PreferenceMatrix>(`/api/v1/notifications/preferences${ownerQuery}`),
      apiJson<{ items: ChannelView[] }>(`/api/v1/notifications/channels${ownerQuery}`),
    ]);
    setMatrix(m);
    setChannels(c.items.filter((x) => x.owner === m.owner));
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      await reload().catch(() => {});
    } finally {
      setBusy(false);
    }
  };
  const put = (items: { event: string; channel: string; enabled: boolean | null }[]) =>
    run(async () => {
      // Shown at once; the answer (or, on an error, the stored state) replaces it.
      setMatrix((m) => ({
        ...m,
        items: m.items.map((i) => {
          const changed = items.find((c) => c.event === i.event && c.channel === i.channel);
          return changed && changed.enabled !== null ? { ...i, enabled: changed.enabled, isDefault: false } : i;
        }),
      }));
      setMatrix(
        await apiJson<PreferenceMatrix>("/api/v1/notifications/preferences", {
          method: "PUT",
          body: JSON.stringify({ ...(team ? { owner: team } : {}), items }),
        }),
      );
    });
  const addChannel = (form: FormData) =>
    run(async () => {
      const channel = await apiJson<CreatedChannel>("/api/v1/notifications/channels", {
        method: "POST",
        body: JSON.stringify({ kind: form.get("kind"), url: form.get("url"), ...(team ? { owner: team } : {}) }),
      });
      setCreated(channel);
      await reload();
    });
  const removeChannel = (id: string) =>
    run(async () => {
      await apiJson(`/api/v1/notifications/channels/${id}`, { method: "DELETE" });
      await reload();
    });

  return (
    <div className="space-y-6">
      {error && <Alert tone="error">{error}</Alert>}
      <Card title="What reaches you, where" id="preferences">
        <Table caption="Notification preferences">
          <thead>
            <tr>
              <Th>Event</Th>
              {matrix.channels.map((c) => (
                <Th key={c.id}>{c.label}</Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.events.map((e) => (
              <tr key={e.event}>
                <Td>{e.label}</Td>
                {matrix.channels.map((c) => {
                  const cell = matrix.items.find((i) => i.event === e.event && i.channel === c.id);
                  return (
                    <Td key={c.id}>
                      <input
                        type="checkbox"
                        aria-label={`${e.label} — ${c.label}`}
                        checked={cell?.enabled ?? false}
                        disabled={busy || !hydrated}
                        onChange={(ev) => put([{ event: e.event, channel: c.id, enabled: ev.target.checked }])}
                      />
                      {cell && !cell.isDefault && <span className="sr-only"> (your choice)</span>}
                    </Td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
        <div className="mt-3">
          <Button
            disabled={busy}
            onClick={() => put(matrix.items.map((i) => ({ event: i.event, channel: i.channel, enabled: null })))}
          >
            Back to the defaults
          </Button>
        </div>
      </Card>
      <Card title="Channels" id="channels">
        {channels.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No channels yet: only the inbox.</p>
        ) : (
          <ul aria-label="Channels" className="mb-4 divide-y divide-slate-200 text-sm dark:divide-slate-800">
            {channels.map((c) => (
              <li key={c.id} aria-label={`${c.kind} ${c.host}`} className="flex flex-wrap items-center gap-3 py-2">
                <span className="font-medium">{c.kind === "slack" ? "Slack" : "Webhook"}</span>
                <span>{c.host}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {c.delivered} delivered · {c.pending} pending · {c.failed} failed
                  {c.lastError ? ` · last error: ${c.lastError}` : ""}
                </span>
                <Button variant="danger" disabled={busy} onClick={() => removeChannel(c.id)}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form action={addChannel} aria-label="Add a channel" className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-sm">
            Kind
            <select name="kind" className={inputClass} defaultValue="slack">
              <option value="slack">Slack-compatible incoming webhook</option>
              <option value="webhook">Signed webhook</option>
            </select>
          </label>
          <label className="flex grow flex-col text-sm">
            URL
            <input name="url" type="url" required className={inputClass} placeholder="https://hooks.slack.com/…" />
          </label>
          <Button type="submit" variant="primary" disabled={busy}>
            Add channel
          </Button>
        </form>
        {created?.signingKey && (
          <Alert tone="success" title="Keep the signing key now: it is not shown again">
            <code className="break-all">{created.signingKey}</code>
          </Alert>
        )}
      </Card>
    </div>
  );
}
