import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAvailable, loadDirectoryTemplates, loadTemplate } from "./load-templates";
import { validateParameters } from "./parameters";

const SOURCE = { kind: "file" as const, file: "x.yaml" };
const valid = {
  apiVersion: "scaffolder.backstage.io/v1beta3",
  kind: "Template",
  metadata: { name: "demo" },
  spec: {
    type: "environment",
    parameters: [
      { properties: { branch: { type: "string", pattern: "^[a-z]+$", "ui:autofocus": true } }, required: ["branch"] },
      { properties: { size: { type: "integer", default: 1, maximum: 3 } } },
    ],
    steps: [{ id: "a", action: "debug:log", input: { message: "hi" } }],
  },
};

describe("template validation", () => {
  it("accepts a Backstage v1beta3 template, merges form pages and keeps ui hints out of the schema", () => {
    const loaded = loadTemplate(valid, SOURCE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.parametersSchema).toEqual({
      type: "object",
      properties: {
        branch: { type: "string", pattern: "^[a-z]+$" },
        size: { type: "integer", default: 1, maximum: 3 },
      },
      required: ["branch"],
    });
    expect(loaded.uiSchema).toEqual({ branch: { "ui:autofocus": true } });
    expect(loaded.template.spec.environment.ttl).toEqual({ default: "4h", max: "24h" });
  });

  it("reports the field and reason of each problem", () => {
    const broken = { ...valid, spec: { ...valid.spec, type: "service", steps: [{ id: "a", action: "shell:exec" }] } };
    const loaded = loadTemplate(broken, SOURCE);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => p.field)).toContain("spec.type");
    const unknownAction = loadTemplate(
      {
        ...valid,
        spec: {
          ...valid.spec,
          steps: [
            { id: "a", action: "shell:exec" },
            { id: "a", action: "debug:log" },
          ],
        },
      },
      SOURCE,
    );
    expect(unknownAction.ok ? [] : unknownAction.problems.map((p) => p.field)).toEqual([
      "spec.steps.0.action",
      "spec.steps.1.id",
    ]);
    const badSchema = loadTemplate(
      { ...valid, spec: { ...valid.spec, parameters: { properties: { x: { type: "nonsense" } } } } },
      SOURCE,
    );
    expect(badSchema.ok ? [] : badSchema.problems.map((p) => p.field)).toEqual(["spec.parameters"]);
  });

  it("checks expressions when the template loads: they parse, start from a known name, and use only steps that will have run", () => {
    const template = {
      ...valid,
      spec: {
        ...valid.spec,
        steps: [
          { id: "a", action: "debug:log", input: { message: "${{ steps.b.output.message }}" } },
          {
            id: "b",
            action: "debug:log",
            input: { message: "${{ parameters.branch | shout }}" },
            if: "${{ steps.a.output.message }}",
          },
          {
            id: "c",
            action: "debug:log",
            input: { message: "${{ env.HOME }} ${{ steps.b.output.message }} ${{ user.login }} ${{ run.id }}" },
          },
        ],
        teardown: [{ id: "t", action: "debug:log", input: { message: "${{ steps.zz.output.x }}" } }],
        output: { links: [{ url: "${{ steps.c.output.message }}" }] },
        environment: { name: "${{ steps.a.output.name }}", url: "${{ steps.c.output.message }}" },
      },
    };
    const loaded = loadTemplate(template, SOURCE);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toEqual([
      {
        field: "spec.steps.0.input",
        message: '${{ steps.b.output.message }}: "b" is not an earlier step (this is the first)',
      },
      { field: "spec.steps.1.input", message: 'unknown filter "shout" in ${{ parameters.branch | shout }}' },
      {
        field: "spec.steps.2.input",
        message: '${{ env.HOME }}: unknown name "env" (use parameters, steps, user, secrets, run)',
      },
      {
        field: "spec.teardown.0.input",
        message: '${{ steps.zz.output.x }}: "zz" is not a step of this template (a, b, c)',
      },
      {
        field: "spec.environment.name",
        message: "${{ steps.a.output.name }}: only parameters and user are known here",
      },
    ]);
  });

  it("treats a database's connection string as a secret: only into env, never arguments, messages or URLs", () => {
    const template = {
      ...valid,
      spec: {
        ...valid.spec,
        steps: [
          { id: "db", action: "postgres:database", input: {} },
          {
            id: "ok",
            action: "local:process",
            input: { command: "node", env: { DATABASE_URL: "${{ steps.db.output.url }}" } },
          },
          { id: "args", action: "local:process", input: { command: "node", args: ["${{ steps.db.output.url }}"] } },
          { id: "say", action: "debug:log", input: { message: "db at ${{ steps.db.output.password }}" } },
        ],
        environment: { url: "${{ steps.db.output.containerUrl }}" },
      },
    };
    const loaded = loadTemplate(template, SOURCE);
    if (loaded.ok) throw new Error("should be refused");
    expect(loaded.problems.map((p) => p.field).sort()).toEqual([
      "spec.environment.url",
      "spec.steps.2.input.args.0",
      "spec.steps.3.input.message",
    ]);
    expect(loaded.problems[0].message).toMatch(/secret output may not go here/);
  });

  it("lets a secret go only into inputs its action declares as secret-accepting, never URLs, bodies, arguments, conditions or outputs", () => {
    const http = (input: Record<string, unknown>) => ({
      id: "call",
      action: "http:request",
      input: { url: "https://hooks.example.com/x", ...input },
    });
    const template = {
      ...valid,
      spec: {
        ...valid.spec,
        steps: [
          http({ secret: "${{ secrets.HOOK }}", headers: { Authorization: "Bearer ${{ secrets['API_TOKEN'] }}" } }),
          { id: "url", action: "http:request", input: { url: "https://hooks.example.com/?key=${{ secrets.HOOK }}" } },
          {
            id: "body",
            action: "http:request",
            input: { url: "https://hooks.example.com/", body: { token: "${{ secrets.HOOK }}" } },
          },
          {
            id: "args",
            action: "local:process",
            input: { command: "node", args: ["--key", "${{ secrets.HOOK }}"], env: { KEY: "${{ secrets.HOOK }}" } },
          },
          { id: "log", action: "debug:log", input: { message: "${{ secrets.HOOK }}" }, if: "${{ secrets.HOOK }}" },
        ],
        output: { links: [{ url: "https://x/${{ secrets.HOOK }}" }] },
        environment: { url: "${{ secrets.HOOK }}" },
      },
    };
    const loaded = loadTemplate(template, SOURCE);
    if (loaded.ok) throw new Error("should be refused");
    expect(loaded.problems.map((p) => p.field)).toEqual([
      "spec.steps.1.input.url",
      "spec.steps.2.input.body.token",
      "spec.steps.3.input.args.1",
      "spec.steps.4.input.message",
      "spec.steps.4.if",
      "spec.output.links.0.url",
      "spec.environment.url",
    ]);
    expect(loaded.problems[0].message).toBe(
      "${{ secrets.HOOK }}: a secret may not go here (this action takes secrets only in secret, headers.*); never into URLs, bodies, arguments, conditions or outputs",
    );
  });

  it("lets a template read only the outputs a step declares (http:request: status and its output: fields)", () => {
    const template = {
      ...valid,
      spec: {
        ...valid.spec,
        steps: [
          {
            id: "call",
            action: "http:request",
            input: { url: "https://hooks.example.com/", output: { url: "/url", id: "/data/id" } },
          },
          {
            id: "log",
            action: "debug:log",
            input: {
              message: "${{ steps.call.output.status }} ${{ steps.call.output.id }} ${{ steps.call.output.body }}",
            },
          },
        ],
        environment: { url: "${{ steps.call.output.url }}" },
      },
    };
    const loaded = loadTemplate(template, SOURCE);
    if (loaded.ok) throw new Error("should be refused");
    expect(loaded.problems).toEqual([
      {
        field: "spec.steps.1.input",
        message:
          '${{ steps.call.output.body }}: step "call" has no output "body" (it has status, url, id; declare more with its input output: { name: /json/pointer })',
      },
    ]);
  });

  it("validates parameters against the schema with field errors and defaults", () => {
    const loaded = loadTemplate(valid, SOURCE);
    if (!loaded.ok) throw new Error("invalid");
    expect(validateParameters(loaded.parametersSchema, { branch: "main" })).toEqual({
      ok: true,
      value: { branch: "main", size: 1 },
    });
    expect(validateParameters(loaded.parametersSchema, { branch: "Main; rm", size: 9 })).toEqual({
      ok: false,
      errors: [
        { field: "branch", message: 'must match pattern "^[a-z]+$"' },
        { field: "size", message: "must be <= 3" },
      ],
    });
    expect(validateParameters(loaded.parametersSchema, {})).toEqual({
      ok: false,
      errors: [{ field: "branch", message: "is required" }],
    });
  });

  it("loads the built-in templates, all valid", () => {
    const loaded = loadDirectoryTemplates(path.join(process.cwd(), "templates"));
    expect(loaded.filter((t) => !t.ok)).toEqual([]);
    expect(loaded.map((t) => t.name)).toContain("local-preview");
  });

  it("offers the GitHub Actions template only when GitHub is configured", async () => {
    const github = loadDirectoryTemplates(path.join(process.cwd(), "templates")).find(
      (t) => t.name === "github-actions-preview",
    );
    if (!github?.ok) throw new Error("github-actions-preview should load");
    expect(await isAvailable(github.template, {} as NodeJS.ProcessEnv)).toBe(false);
    expect(await isAvailable(github.template, { GITHUB_TOKEN: "ghp_x" } as unknown as NodeJS.ProcessEnv)).toBe(true);
  });

  it("offers the container template only when a container engine answers", async () => {
    const container = loadDirectoryTemplates(path.join(process.cwd(), "templates")).find(
      (t) => t.name === "container-preview",
    );
    if (!container?.ok) throw new Error("container-preview should load");
    expect(await isAvailable(container.template, { DOCKER_HOST: "none" } as unknown as NodeJS.ProcessEnv)).toBe(false);
    const nowhere = { DOCKER_HOST: "unix:///nonexistent/engine.sock" } as unknown as NodeJS.ProcessEnv;
    expect(await isAvailable(container.template, nowhere)).toBe(false);
    // Only a local socket may be configured, never a TCP engine.
    expect(
      await isAvailable(container.template, { DOCKER_HOST: "tcp://10.0.0.1:2375" } as unknown as NodeJS.ProcessEnv),
    ).toBe(false);
  });
});
