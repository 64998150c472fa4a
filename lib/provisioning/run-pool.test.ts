import { describe, expect, it } from "vitest";
import { createRunPool } from "./run-pool";

describe("run pool", () => {
  it("holds at most `limit` runs, hands a freed slot to the next waiter, and reports idle", async () => {
    const pool = createRunPool(2);
    const finish: (() => void)[] = [];
    const start = async () => {
      await pool.acquire();
      pool.track(new Promise<void>((resolve) => finish.push(resolve)));
    };
    await start();
    await start();
    let third = false;
    const waiting = start().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(pool.active).toBe(2);
    expect(third).toBe(false);
    finish[0]();
    await waiting;
    expect(third).toBe(true);
    expect(pool.active).toBe(2);
    let idle = false;
    const idled = pool.idle(5000).then(() => (idle = true));
    finish[1]();
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    finish[2]();
    await idled;
    expect(pool.active).toBe(0);
  });

  it("frees the slot of a run that throws", async () => {
    const pool = createRunPool(1);
    await pool.acquire();
    pool.track(Promise.reject(new Error("boom")));
    await pool.idle(1000);
    expect(pool.active).toBe(0);
  });
});
