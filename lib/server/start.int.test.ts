import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { getDatabase } from "@/lib/server/database";
import { currentQueue } from "@/lib/jobs/queue";
import { enqueue } from "./start";

describe("the app's enqueue when this process runs no queue (PORTOLAN_QUEUE=false) on the embedded database", () => {
  const saved = { ...process.env };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-noqueue-"));
  afterAll(async () => {
    await (await getDatabase()).close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a send inside a transaction with a 503 that says why, instead of waiting forever; the transaction rolls back", async () => {
    Object.assign(process.env, { PORTOLAN_DATA_DIR: dir, PORTOLAN_DEMO: "false" });
    delete process.env.DATABASE_URL;
    const database = await getDatabase();
    expect(database.kind).toBe("embedded");
    expect(currentQueue()).toBeUndefined();
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute("create table enqueue_probe (id int)");
        await enqueue("provisioning-run", { runId: "00000000-0000-4000-8000-000000000000" }, { tx });
      }),
    ).rejects.toMatchObject({ code: "unavailable:queue", message: expect.stringContaining("PORTOLAN_QUEUE") });
    const [exists] = await queryRows<{ ok: boolean }>(
      database.db,
      sql`select to_regclass('enqueue_probe') is not null as ok`,
    );
    expect(exists.ok).toBe(false);
    expect(currentQueue()).toBeUndefined();
  });
});
