import { describe, expect, it } from "vitest";
import type { FieldError } from "./types";
import { validateEntity } from "./validate-entity";

const component = (overrides: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: "backstage.io/v1alpha1",
  kind: "Component",
  metadata: { name: "billing" },
  spec: { type: "service", lifecycle: "production", owner: "team-a", ...spec },
  ...overrides,
});

function errorsOf(raw: unknown): FieldError[] {
  const result = validateEntity(raw);
  if (result.ok) throw new Error("expected the entity to be invalid");
  return result.errors;
}

function errorOn(raw: unknown, field: string): string {
  const error = errorsOf(raw).find((e) => e.field === field);
  if (!error) throw new Error(`no error on ${field}: ${JSON.stringify(errorsOf(raw))}`);
  return error.message;
}

describe("validateEntity envelope", () => {
  it("accepts a minimal component and fills in the default namespace", () => {
    const result = validateEntity(component());
    expect(result).toMatchObject({
      ok: true,
      entity: { kind: "Component", metadata: { name: "billing", namespace: "default" } },
    });
  });

  it.each(["backstage.io/v1alpha1", "backstage.io/v1beta1"])(
    "accepts apiVersion %s for built-in kinds",
    (apiVersion) => {
      expect(validateEntity(component({ apiVersion })).ok).toBe(true);
    },
  );

  it("rejects a built-in kind with another apiVersion, naming the allowed ones", () => {
    const message = errorOn(component({ apiVersion: "backstage.io/v2" }), "apiVersion");
    expect(message).toBe(
      'must be "backstage.io/v1alpha1" or "backstage.io/v1beta1" for kind Component (got "backstage.io/v2")',
    );
  });

  it("rejects unknown kinds, as Backstage does without a module for them, and points at case mistakes", () => {
    expect(errorOn(component({ kind: "Widget" }), "kind")).toMatch(
      /^unknown kind "Widget": a Backstage catalog accepts it only with a module/,
    );
    expect(errorOn(component({ kind: "Widget" }), "kind")).toContain("Portolan reads Component, API");
    expect(errorOn(component({ kind: "component" }), "kind")).toBe(
      'unknown kind "component"; kinds are case-sensitive, write "Component"',
    );
    expect(errorOn(component({ kind: "my-kind" }), "kind")).toContain("must be a letter followed by letters or digits");
  });

  it("rejects foreign root fields, and the catalog-owned relations and status too", () => {
    expect(errorOn(component({ owner: "team-a" }), "owner")).toContain("not allowed at the top level");
    // Backstage's NoForeignRootFieldsEntityPolicy knows only the four envelope fields.
    const raw = component({
      relations: [{ type: "ownedBy", target: { kind: "group", namespace: "default", name: "x" } }],
      status: {},
    });
    expect(errorsOf(raw).map((e) => e.field)).toEqual(["relations", "status"]);
    expect(errorOn(raw, "relations")).toBe(
      "is filled in by the catalog as it processes the entity and cannot be written in a descriptor file; remove it",
    );
  });

  it("rejects a document that is not a mapping", () => {
    expect(errorsOf(["a"])).toEqual([{ field: "", message: expect.stringContaining("must be a mapping") }]);
  });

  it("reports every problem at once and still names the entity", () => {
    const raw = component({ metadata: { name: "Billing", namespace: "Ops", tags: ["Java"] } }, { owner: 42 });
    expect(validateEntity(raw)).toMatchObject({ ok: false, ref: "component:ops/billing" });
    expect(errorsOf(raw).map((e) => e.field)).toEqual(["metadata.namespace", "metadata.tags[0]", "spec.owner"]);
  });
});

describe("validateEntity metadata", () => {
  const withMetadata = (metadata: Record<string, unknown>) => component({ metadata: { name: "billing", ...metadata } });

  it.each(["a", "A1", "my_service.v2", "a--b", "x".repeat(63)])("accepts the name %j", (name) => {
    expect(validateEntity(withMetadata({ name })).ok).toBe(true);
  });

  it.each(["-a", "a-", "my service", "a/b", "x".repeat(64), ""])("rejects the name %j showing the value", (name) => {
    expect(errorOn(withMetadata({ name }), "metadata.name")).toContain(`(got ${JSON.stringify(name)})`);
  });

  it("requires a name", () => {
    expect(errorOn(component({ metadata: {} }), "metadata.name")).toBe("is required");
  });

  it("explains unfilled template placeholders in names", () => {
    const scaffolder = errorOn(withMetadata({ name: "${{ values.name }}" }), "metadata.name");
    expect(scaffolder).toContain('(got "${{ values.name }}")');
    expect(scaffolder).toContain("unfilled template placeholder");
    // Unquoted `{{ cookiecutter.name }}` is a YAML flow mapping by the time it reaches us.
    const cookiecutter = errorOn(withMetadata({ name: { "{ cookiecutter.name }": null } }), "metadata.name");
    expect(cookiecutter).toContain("must be a string (got a mapping)");
    expect(cookiecutter).toContain("unfilled template placeholder");
  });

  it("suggests quoting numeric names", () => {
    expect(errorOn(withMetadata({ name: 123 }), "metadata.name")).toBe("must be a string (got 123); quote it: '123'");
  });

  it("checks the namespace as a lowercase DNS label", () => {
    expect(validateEntity(withMetadata({ namespace: "team-ns" })).ok).toBe(true);
    expect(errorOn(withMetadata({ namespace: "Team_NS" }), "metadata.namespace")).toContain('(got "Team_NS")');
  });

  it("checks tags, including the colon Backstage allows", () => {
    expect(validateEntity(withMetadata({ tags: ["java", "c++", "c#", "lang:go", "a-b"] })).ok).toBe(true);
    expect(errorOn(withMetadata({ tags: ["ok", "Go"] }), "metadata.tags[1]")).toContain('(got "Go")');
    expect(errorOn(withMetadata({ tags: "java" }), "metadata.tags")).toContain("must be a list");
  });

  it("checks label and annotation keys and values, with bracketed paths", () => {
    expect(
      validateEntity(withMetadata({ labels: { tier: "" }, annotations: { "github.com/project-slug": "acme/billing" } }))
        .ok,
    ).toBe(true);
    expect(
      errorOn(withMetadata({ annotations: { "jira/project-id": 12345 } }), 'metadata.annotations["jira/project-id"]'),
    ).toBe("must be a string (got 12345); quote it: '12345'");
    expect(errorOn(withMetadata({ labels: { "a/b/c": "x" } }), 'metadata.labels["a/b/c"]')).toContain('key "a/b/c"');
    expect(errorOn(withMetadata({ labels: { tier: "front end" } }), "metadata.labels.tier")).toContain(
      '(got "front end")',
    );
  });

  it("treats an empty annotations key as no annotations, as Backstage does when it adds its own", () => {
    for (const annotations of [null, ""]) {
      const result = validateEntity(withMetadata({ annotations, tags: ["go"] }));
      expect(result.ok).toBe(true);
      expect(result.ok && "annotations" in result.entity.metadata).toBe(false);
    }
    expect(errorOn(withMetadata({ annotations: ["a"] }), "metadata.annotations")).toContain("must be a mapping");
    expect(errorOn(withMetadata({ labels: null }), "metadata.labels")).toContain("must be a mapping");
  });

  it("lets $text stand for an annotation value or description, but not $yaml", () => {
    const readme = { "example.com/readme": { $text: "./README.md" } };
    expect(validateEntity(withMetadata({ annotations: readme, description: { $text: "./ABOUT.md" } })).ok).toBe(true);
    expect(errorOn(withMetadata({ description: { $yaml: "./about.yaml" } }), "metadata.description")).toContain(
      "use $text",
    );
    expect(errorOn(withMetadata({ labels: { tier: { $text: "./tier" } } }), "metadata.labels.tier")).toContain(
      "must be a string",
    );
  });

  it("checks links", () => {
    expect(
      validateEntity(withMetadata({ links: [{ url: "https://example.com", title: "Docs", icon: "docs" }] })).ok,
    ).toBe(true);
    expect(errorOn(withMetadata({ links: [{ title: "x" }] }), "metadata.links[0].url")).toBe("is required");
    expect(errorOn(withMetadata({ links: [{ url: "not a url" }] }), "metadata.links[0].url")).toContain(
      '(got "not a url")',
    );
    expect(errorOn(withMetadata({ links: [{ url: "https://x.io", title: "  " }] }), "metadata.links[0].title")).toBe(
      "must not be empty",
    );
  });
});

describe("validateEntity spec", () => {
  it.each([
    ["Component", { type: "service", lifecycle: "production" }, "spec.owner"],
    ["API", { type: "openapi", lifecycle: "production", owner: "team-a" }, "spec.definition"],
    ["Resource", { owner: "team-a" }, "spec.type"],
    ["System", {}, "spec.owner"],
    ["Domain", {}, "spec.owner"],
    ["Group", { type: "team" }, "spec.children"],
  ])("%s requires %s", (kind, spec, field) => {
    const message = errorOn({ apiVersion: "backstage.io/v1alpha1", kind, metadata: { name: "x" }, spec }, field);
    expect(message).toMatch(new RegExp(`^is required for kind ${kind}, e\\.g\\. `));
  });

  it("requires spec itself for built-in kinds", () => {
    expect(errorOn({ apiVersion: "backstage.io/v1alpha1", kind: "System", metadata: { name: "x" } }, "spec")).toBe(
      "is required for kind System",
    );
  });

  it("accepts a User without memberOf and a Location without targets", () => {
    expect(
      validateEntity({ apiVersion: "backstage.io/v1alpha1", kind: "User", metadata: { name: "jdoe" }, spec: {} }).ok,
    ).toBe(true);
    expect(
      validateEntity({ apiVersion: "backstage.io/v1alpha1", kind: "Location", metadata: { name: "l" }, spec: {} }).ok,
    ).toBe(true);
  });

  it("names the bad item of a list and explains a string given for a list", () => {
    expect(errorOn(component({}, { dependsOn: ["resource:db", 7] }), "spec.dependsOn[1]")).toBe(
      "must be a string (got 7); quote it: '7'",
    );
    expect(errorOn(component({}, { dependsOn: "resource:db" }), "spec.dependsOn")).toBe(
      'must be a list of strings (got "resource:db"); write it as a list: [resource:db]',
    );
  });

  it("treats an empty required field as missing and rejects empty strings", () => {
    expect(errorOn(component({}, { owner: null }), "spec.owner")).toMatch(/^is required/);
    expect(errorOn(component({}, { lifecycle: "" }), "spec.lifecycle")).toBe("must not be empty");
  });

  it("leaves $text placeholders to be resolved later, but rejects ones that cannot yield a string", () => {
    const api = { apiVersion: "backstage.io/v1alpha1", kind: "API", metadata: { name: "orders" } };
    const spec = { type: "openapi", lifecycle: "production", owner: "team-a" };
    expect(validateEntity({ ...api, spec: { ...spec, definition: { $text: "./openapi.yaml" } } }).ok).toBe(true);
    // $yaml/$json embed parsed data, so Backstage sees a mapping where it wants a string.
    const yaml = errorOn({ ...api, spec: { ...spec, definition: { $yaml: "./openapi.yaml" } } }, "spec.definition");
    expect(yaml).toBe(
      "must be a string (got a mapping); $yaml embeds the file's parsed data rather than its text, so the field would not be a string: use $text",
    );
    // $openapi needs an optional module; a default catalog leaves it as a mapping.
    const openapi = errorOn(
      { ...api, spec: { ...spec, definition: { $openapi: "./openapi.yaml" } } },
      "spec.definition",
    );
    expect(openapi).toContain("$openapi is not one of Backstage's built-in placeholders");
  });

  it("explains why an API described only by remotes is rejected", () => {
    const api = { apiVersion: "backstage.io/v1alpha1", kind: "API", metadata: { name: "assistant" } };
    const spec = {
      type: "mcp-server",
      lifecycle: "experimental",
      owner: "team-a",
      remotes: [{ type: "sse", url: "http://x/mcp" }],
    };
    expect(errorOn({ ...api, spec }, "spec.definition")).toContain("APIs described by `remotes`");
  });

  it("checks only the profile fields Backstage defines", () => {
    const user = { apiVersion: "backstage.io/v1alpha1", kind: "User", metadata: { name: "jdoe" } };
    expect(
      validateEntity({ ...user, spec: { profile: { displayName: "J", phone: 5551234, extra: { a: 1 } } } }).ok,
    ).toBe(true);
    expect(errorOn({ ...user, spec: { profile: { picture: 7 } } }, "spec.profile.picture")).toContain(
      "must be a string",
    );
  });

  it("checks Location presence and Group profile shapes", () => {
    const location = { apiVersion: "backstage.io/v1alpha1", kind: "Location", metadata: { name: "l" } };
    expect(errorOn({ ...location, spec: { presence: "maybe" } }, "spec.presence")).toContain(
      'must be "required" or "optional"',
    );
    const group = { apiVersion: "backstage.io/v1alpha1", kind: "Group", metadata: { name: "g" } };
    expect(
      errorOn({ ...group, spec: { type: "team", children: [], profile: { email: 5 } } }, "spec.profile.email"),
    ).toContain("must be a string");
  });
});
