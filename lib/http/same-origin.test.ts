import { describe, expect, it } from "vitest";
import { assertSameOriginWrite } from "./same-origin";

const env = { NEXTAUTH_URL: "http://localhost:3000" } as NodeJS.ProcessEnv;

function request(method: string, headers: Record<string, string>): Request {
  return new Request("http://localhost:3000/api/v1/deployments", {
    method,
    headers: { host: "localhost:3000", ...headers },
  });
}

describe("assertSameOriginWrite", () => {
  it("lets reads through without an Origin", () => {
    expect(() => assertSameOriginWrite(request("GET", {}), env)).not.toThrow();
  });

  it("accepts JSON and YAML writes from the portal's own origin", () => {
    expect(() =>
      assertSameOriginWrite(
        request("POST", { origin: "http://localhost:3000", "content-type": "application/json" }),
        env,
      ),
    ).not.toThrow();
    expect(() =>
      assertSameOriginWrite(
        request("POST", { origin: "http://localhost:3000", "content-type": "application/yaml; charset=utf-8" }),
        env,
      ),
    ).not.toThrow();
    expect(() => assertSameOriginWrite(request("DELETE", { origin: "http://localhost:3000" }), env)).not.toThrow();
  });

  it("refuses another port of the same host, a missing Origin, and 'null'", () => {
    for (const origin of ["http://localhost:9999", "http://127.0.0.1:3000", "null"]) {
      expect(() => assertSameOriginWrite(request("POST", { origin, "content-type": "application/json" }), env)).toThrow(
        /not from the portal/,
      );
    }
    expect(() => assertSameOriginWrite(request("POST", { "content-type": "application/json" }), env)).toThrow(
      /did not say its origin/,
    );
  });

  it("refuses the media types an HTML form can send, even from the right origin", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      expect(() =>
        assertSameOriginWrite(request("POST", { origin: "http://localhost:3000", "content-type": type }), env),
      ).toThrow(/JSON or YAML/);
    }
  });
});
