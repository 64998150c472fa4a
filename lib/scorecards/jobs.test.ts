import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Enqueue } from "@/lib/jobs/define-job";
import { IMPORT_QUIET_MS, IMPORT_WAIT_MAX_MS, requestScorecardRefreshAfterImport, SCORECARDS_REFRESH } from "./jobs";

describe("the scorecard refresh an import asks for", () => {
  let sent: { name: string; payload: unknown }[];
  const enqueue: Enqueue = async (name, payload) => {
    sent.push({ name, payload });
    return "job";
  };
  beforeEach(() => {
    sent = [];
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await vi.runAllTimersAsync();
    vi.useRealTimers();
  });

  it("is one refresh of what changed, once a burst of imports pauses", async () => {
    for (let i = 0; i < 5; i++) {
      requestScorecardRefreshAfterImport(enqueue);
      await vi.advanceTimersByTimeAsync(IMPORT_QUIET_MS - 100);
    }
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([{ name: SCORECARDS_REFRESH, payload: { mode: "changed" } }]);
    // The next import starts a burst of its own.
    requestScorecardRefreshAfterImport(enqueue);
    await vi.advanceTimersByTimeAsync(IMPORT_QUIET_MS);
    expect(sent).toHaveLength(2);
  });

  it("does not wait past the longest wait for imports that never pause", async () => {
    const every = IMPORT_QUIET_MS / 2;
    for (let waited = 0; waited < IMPORT_WAIT_MAX_MS + every; waited += every) {
      requestScorecardRefreshAfterImport(enqueue);
      await vi.advanceTimersByTimeAsync(every);
    }
    expect(sent).toHaveLength(1);
  });
});
