// Postgres LISTEN/NOTIFY for per-process caches that must hear what other processes change (several
// app processes under the launcher's workers, or replicas): one dedicated connection per pool, opened
// on the first subscription, re-opened with a back-off when it drops. While it is down a channel is
// not `live`, and a cache that relies on it must not serve from memory (it would miss messages).
// The embedded database has one process by construction, so its channels are always live and silent.
import pg from "pg";

export type Channel = {
  /** True while this process is sure to hear every message sent on the channel. */
  readonly live: boolean;
};

type Handler = (payload: string | null) => void;

type Listener = {
  pool: pg.Pool;
  client: pg.Client | null;
  live: boolean;
  closed: boolean;
  handlers: Map<string, Set<Handler>>;
  retryMs: number;
  timer: NodeJS.Timeout | null;
  connecting: Promise<void> | null;
  /** Times the connection dropped while live. */
  drops: number;
};

const listeners = new WeakMap<pg.Pool, Listener>();
const ALWAYS_LIVE: Channel = { live: true };
const MAX_RETRY_MS = 30_000;

/** Postgres identifiers for LISTEN cannot be bound: channel names are fixed words in the code. */
function assertChannelName(channel: string) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Bad notification channel name "${channel}".`);
}

/** Every handler hears `null` when the connection drops: messages may have been missed meanwhile. */
function lost(listener: Listener) {
  const wasLive = listener.live;
  listener.live = false;
  listener.client = null;
  if (wasLive) listener.drops++;
  if (wasLive) for (const handlers of listener.handlers.values()) for (const handler of handlers) handler(null);
  if (listener.closed || listener.timer) return;
  const wait = listener.retryMs;
  listener.retryMs = Math.min(listener.retryMs * 2, MAX_RETRY_MS);
  listener.timer = setTimeout(() => {
    listener.timer = null;
    void connect(listener);
  }, wait);
  listener.timer.unref();
}

function connect(listener: Listener): Promise<void> {
  if (listener.connecting || listener.closed) return listener.connecting ?? Promise.resolve();
  const options = listener.pool.options as pg.PoolConfig;
  const client = new pg.Client({ ...options, application_name: "portolan-listen", keepAlive: true });
  let failed = false;
  const onDrop = (error?: Error) => {
    if (failed) return;
    failed = true;
    if (error && !listener.closed) console.warn(`[portolan] notification connection lost: ${error.message}`);
    client.end().catch(() => {});
    if (listener.client === client || listener.connecting) lost(listener);
  };
  client.on("error", onDrop);
  client.on("end", () => onDrop());
  client.on("notification", (message) => {
    for (const handler of listener.handlers.get(message.channel) ?? []) handler(message.payload ?? "");
  });
  listener.connecting = (async () => {
    try {
      await client.connect();
      // Listening alone must not keep a process (a CLI, a test) alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      // A channel subscribed while these run is listened to as well, before the listener counts as live.
      const listened = new Set<string>();
      for (;;) {
        const pending = [...listener.handlers.keys()].filter((channel) => !listened.has(channel));
        if (pending.length === 0) break;
        for (const channel of pending) {
          await client.query(`listen ${channel}`);
          listened.add(channel);
        }
      }
      if (failed || listener.closed) {
        await client.end().catch(() => {});
        return;
      }
      listener.client = client;
      listener.live = true;
      listener.retryMs = 500;
    } catch (error) {
      if (!failed) {
        failed = true;
        if (!listener.closed)
          console.warn(`[portolan] cannot listen for notifications: ${error instanceof Error ? error.message : error}`);
        client.end().catch(() => {});
        listener.connecting = null;
        lost(listener);
      }
    } finally {
      listener.connecting = null;
    }
  })();
  return listener.connecting;
}

/**
 * Calls `onMessage(payload)` for every NOTIFY on `channel` the pool's server delivers, and
 * `onMessage(null)` whenever the connection drops (anything may have been missed). Returns the
 * channel, whose `live` says whether messages are being heard right now.
 */
export function subscribe(pool: pg.Pool | null, channel: string, onMessage: Handler): Channel {
  assertChannelName(channel);
  if (!pool) return ALWAYS_LIVE;
  let listener = listeners.get(pool);
  if (!listener) {
    listener = {
      pool,
      client: null,
      live: false,
      closed: false,
      handlers: new Map(),
      retryMs: 500,
      timer: null,
      connecting: null,
      drops: 0,
    };
    listeners.set(pool, listener);
  }
  const handlers = listener.handlers.get(channel) ?? new Set();
  const isNewChannel = !listener.handlers.has(channel);
  handlers.add(onMessage);
  listener.handlers.set(channel, handlers);
  if (isNewChannel && listener.client) {
    // Not live on this channel until its LISTEN has run.
    const open = listener;
    open.live = false;
    open.client!.query(`listen ${channel}`).then(
      () => {
        if (open.client) open.live = true;
      },
      () => open.client?.end().catch(() => {}),
    );
  } else if (!listener.client && !listener.timer) void connect(listener);
  const held = listener;
  return {
    get live() {
      return held.live;
    },
  };
}

/** Waits until every message already sent to this pool's listener has been handled (tests). */
export async function notificationsHandled(pool: pg.Pool | null): Promise<void> {
  const listener = pool && listeners.get(pool);
  if (!listener) return;
  if (listener.connecting) await listener.connecting;
  // The server sends pending notifications before the answer to a later query on the same connection.
  await listener.client?.query("select 1");
}

/** How often the pool's listening connection dropped while live (tests). */
export function listenerDrops(pool: pg.Pool | null): number {
  return (pool && listeners.get(pool)?.drops) || 0;
}

/** Closes the pool's listening connection (the pool is closing). */
export async function stopListening(pool: pg.Pool): Promise<void> {
  const listener = listeners.get(pool);
  if (!listener) return;
  listener.closed = true;
  listener.live = false;
  if (listener.timer) clearTimeout(listener.timer);
  if (listener.connecting) await listener.connecting.catch(() => {});
  const client = listener.client;
  listener.client = null;
  await client?.end().catch(() => {});
  listeners.delete(pool);
}
