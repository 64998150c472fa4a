import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DataDirLockedError } from "@/db/lock";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./error-response";

describe("errorResponse", () => {
  it("maps each AppError type to its status with code, message and details", async () => {
    const cases: [AppError, number][] = [
      [new AppError("bad_request:x", "fix a"), 400],
      [new AppError("unauthorized:auth", "sign in"), 401],
      [new AppError("forbidden:auth", "no"), 403],
      [new AppError("not_found:entity", "gone"), 404],
      [new AppError("conflict:users", "last admin"), 409],
      [new AppError("unprocessable:catalog", "nothing valid", [{ field: "spec.owner", message: "required" }]), 422],
    ];
    for (const [error, status] of cases) {
      const response = errorResponse(error);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
  });

  it("turns zod failures into a 400 naming each field", async () => {
    const result = z.object({ limit: z.number().max(5) }).safeParse({ limit: 9 });
    const response = errorResponse(result.error);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.details).toEqual([{ field: "limit", message: expect.stringContaining("5") }]);
    expect(body.error.message).toMatch(/^Invalid request: limit:/);
  });

  it("says the embedded database is busy, and hides unexpected errors", async () => {
    expect(errorResponse(new DataDirLockedError("/data", 42)).status).toBe(503);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error("password=hunter2 at db"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("hunter2");
    log.mockRestore();
  });

  it("answers 503 with a message when the database dropped the connection or cannot be reached, however the driver wrapped it", async () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    const wrapped = new Error("Failed query: select 1", { cause: terminated });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const ended = new Error("Connection terminated unexpectedly");
    const timeout = Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const error of [terminated, wrapped, refused, ended, timeout]) {
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: "unavailable:database",
        message: expect.stringContaining("try again"),
      });
    }
    warn.mockRestore();
    // A constraint violation is a bug or a conflict, not an outage.
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(errorResponse(Object.assign(new Error("duplicate key"), { code: "23505" })).status).toBe(500);
    error.mockRestore();
  });

  it("answers 503 for a transaction the database undid as a deadlock or serialization failure, without its parameters in the log", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const code of ["40P01", "40001"]) {
      const cause = Object.assign(new Error("deadlock detected"), { code });
      const response = errorResponse(new Error("Failed query: insert …\nparams: secret-token-1", { cause }));
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: "unavailable:database",
        message: expect.stringContaining("try again"),
      });
    }
    expect(JSON.stringify(warn.mock.calls)).not.toContain("secret-token-1");
    warn.mockRestore();
  });
});
