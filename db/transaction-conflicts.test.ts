import { describe, expect, it } from "vitest";
import { isTransactionConflict, retryTransactionConflicts } from "./client";

const conflict = (code: string) =>
  new Error("Failed query: insert …", { cause: Object.assign(new Error("deadlock detected"), { code }) });

describe("transaction conflicts", () => {
  it("are deadlocks and serialization failures, however the driver's error is wrapped", () => {
    expect(isTransactionConflict(conflict("40P01"))).toBe(true);
    expect(isTransactionConflict(conflict("40001"))).toBe(true);
    expect(isTransactionConflict(conflict("23505"))).toBe(false);
    expect(isTransactionConflict(new Error("boom"))).toBe(false);
    expect(isTransactionConflict(undefined)).toBe(false);
  });

  it("are run again up to the attempts given; other errors are not", async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw conflict("40P01");
      return "landed";
    };
    await expect(retryTransactionConflicts(flaky, 3)).resolves.toBe("landed");
    expect(calls).toBe(3);

    calls = 0;
    await expect(retryTransactionConflicts(flaky, 2)).rejects.toThrow("Failed query");
    expect(calls).toBe(2);

    let other = 0;
    const broken = async () => {
      other += 1;
      throw new Error("no such table");
    };
    await expect(retryTransactionConflicts(broken, 5)).rejects.toThrow("no such table");
    expect(other).toBe(1);
  });
});
