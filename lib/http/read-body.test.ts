import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertStorableText, parseJsonBody, readBodyText } from "./read-body";

function streamed(chunks: string[], headers: Record<string, string> = {}): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readBodyText", () => {
  it("reads a body within the limit", async () => {
    expect(await readBodyText(streamed(["ab", "cd"]), 10)).toBe("abcd");
  });

  it("refuses a declared length over the limit before reading, with 413 and the limit", async () => {
    const error = await readBodyText(streamed(["x"], { "content-length": "5000" }), 100).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("too_large:api");
    expect(error.details[0]).toMatchObject({ limit: 100 });
  });

  it("stops a body that streams past the limit without a length", async () => {
    const error = await readBodyText(streamed(["x".repeat(60), "y".repeat(60)]), 100).catch((e) => e);
    expect(error.code).toBe("too_large:api");
  });

  it("refuses bytes that are not UTF-8", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: new Uint8Array([0xc3, 0x28]) });
    expect((await readBodyText(request, 100).catch((e) => e)).code).toBe("bad_request:api");
  });
});

describe("parseJsonBody", () => {
  it("is undefined for an empty body and the value otherwise", () => {
    expect(parseJsonBody("  ")).toBeUndefined();
    expect(parseJsonBody('{"a":[1]}')).toEqual({ a: [1] });
  });

  it("names malformed JSON, NUL characters and absurd nesting as 400s", () => {
    expect(() => parseJsonBody("{oops")).toThrow(/must be JSON/);
    expect(() => parseJsonBody('{"service":{"name":"a\\u0000b"}}')).toThrow(/service\.name: NUL/);
    expect(() => parseJsonBody("[".repeat(100) + "]".repeat(100))).toThrow(/deeper than/);
  });

  it("checks keys and query-like records too", () => {
    expect(() => assertStorableText({ "a\u0000": 1 }, "query")).toThrow(AppError);
    expect(() => assertStorableText({ q: ["ok", "fine"] }, "query")).not.toThrow();
  });
});
