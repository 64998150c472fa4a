import { describe, expect, it } from "vitest";
import { evaluate, ExpressionError, isTruthy, referencedSecrets, renderString, renderValue } from "./expressions";

const context = {
  parameters: { component: "component:default/payment-gateway", branch: "Feature/Login_2", count: 3, list: ["a"] },
  steps: { server: { output: { url: "http://localhost:4000", port: 4000 } } },
  user: { login: "dev" },
  secrets: { TOKEN: "s3cret" },
};

describe("template expressions", () => {
  it("reads parameters, step outputs (dot and bracket forms), user and secrets", () => {
    expect(renderString("${{ parameters.branch }}", context)).toBe("Feature/Login_2");
    expect(renderString("${{ steps['server'].output.url }}/health", context)).toBe("http://localhost:4000/health");
    expect(renderString('${{ steps["server"].output.port }}', context)).toBe(4000);
    expect(renderString("hi ${{user.login}}", context)).toBe("hi dev");
    expect(renderString("${{ secrets.TOKEN }}", context)).toBe("s3cret");
    expect(renderString("${{ parameters.list[0] }}", context)).toBe("a");
  });

  it("keeps a lone expression's type and interpolates mixed text", () => {
    expect(renderString("${{ parameters.count }}", context)).toBe(3);
    expect(renderString("n=${{ parameters.count }}", context)).toBe("n=3");
    expect(renderString("${{ parameters.missing }}", context)).toBeUndefined();
    expect(renderString("[${{ parameters.missing }}]", context)).toBe("[]");
  });

  it("applies the pure filters", () => {
    expect(renderString("${{ parameters.component | entityName }}-${{ parameters.branch | slug }}", context)).toBe(
      "payment-gateway-feature-login-2",
    );
    expect(renderString("${{ parameters.branch | lower }}", context)).toBe("feature/login_2");
  });

  it("never evaluates code: inserted values stay data, and JS syntax is refused", () => {
    const hostile = { parameters: { branch: "${{ secrets.TOKEN }}; $(rm -rf /) `id`" }, secrets: { TOKEN: "s3cret" } };
    // A value that looks like an expression is not rendered again.
    expect(renderString("${{ parameters.branch }}", hostile)).toBe("${{ secrets.TOKEN }}; $(rm -rf /) `id`");
    for (const bad of [
      "process.exit(1)",
      "parameters.branch + 1",
      "constructor.constructor('return 1')()",
      "a; b",
      "parameters.x | eval",
    ]) {
      expect(() => evaluate(bad, context)).toThrow(ExpressionError);
    }
    // No prototype walking.
    expect(evaluate("parameters.constructor", context)).toBeUndefined();
    expect(evaluate("parameters.__proto__", context)).toBeUndefined();
  });

  it("renders nested inputs and decides `if`", () => {
    expect(renderValue({ args: ["--b", "${{ parameters.branch }}"], n: 1 }, context)).toEqual({
      args: ["--b", "Feature/Login_2"],
      n: 1,
    });
    expect([false, "false", "", 0, null, undefined].map(isTruthy)).toEqual([false, false, false, false, false, false]);
    expect([true, "yes", 1].map(isTruthy)).toEqual([true, true, true]);
  });

  it("finds the secrets a template's expressions refer to, in either path form, and nothing in plain text", () => {
    const steps = [
      {
        input: {
          token: "${{ secrets.API_TOKEN }}",
          header: "Bearer ${{ secrets['HOOK_KEY'] }}",
          note: "see secrets.NOT_ONE",
        },
      },
    ];
    expect(referencedSecrets(steps)).toEqual(["API_TOKEN", "HOOK_KEY"]);
  });
});
