import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function check(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/templates-check.ts", ...args], {
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npm run templates:check", () => {
  it("passes the built-in templates", () => {
    const { code, out } = check();
    expect(out).toContain("ok      local-preview  (templates/local-preview/template.yaml)");
    expect(out).toContain("0 broken");
    expect(code).toBe(0);
  });

  it("fails on a broken template with its file, field and reason", () => {
    const { code, out } = check("lib/provisioning/test-templates");
    expect(out).toContain("broken  test-broken  (lib/provisioning/test-templates/broken.yaml)");
    expect(out).toContain(
      'lib/provisioning/test-templates/broken.yaml: spec.steps.0.action: unknown action "shell:exec"',
    );
    expect(code).toBe(1);
  });

  it("says what is wrong with a path that does not exist, without a stack trace", () => {
    const { code, err } = check("no/such/dir");
    expect(err.trim()).toBe("error: no/such/dir: no such file or directory");
    expect(code).toBe(2);
  });
}, 60_000);
