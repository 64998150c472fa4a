import { describe, expect, it } from "vitest";
import { resolveLocationTargets } from "./location-targets";
import type { Entity } from "./types";

const location = (spec: Record<string, unknown>): Entity => ({
  apiVersion: "backstage.io/v1alpha1",
  kind: "Location",
  metadata: { name: "all", namespace: "default" },
  spec,
});

const BASE = "/repo/catalog/all.yaml";

describe("resolveLocationTargets", () => {
  it("resolves target then targets against the Location file's directory", () => {
    const targets = resolveLocationTargets(
      location({ target: "./a.yaml", targets: ["../b/catalog-info.yaml", "c.yaml"] }),
      BASE,
    );
    expect(targets).toEqual([
      { target: "./a.yaml", type: "url", status: "resolved", path: "/repo/catalog/a.yaml", isGlob: false },
      {
        target: "../b/catalog-info.yaml",
        type: "url",
        status: "resolved",
        path: "/repo/b/catalog-info.yaml",
        isGlob: false,
      },
      { target: "c.yaml", type: "url", status: "resolved", path: "/repo/catalog/c.yaml", isGlob: false },
    ]);
  });

  it("takes a base path ending in / as the directory itself", () => {
    const [target] = resolveLocationTargets(location({ target: "./a.yaml" }), "/repo/catalog/");
    expect(target).toMatchObject({ status: "resolved", path: "/repo/catalog/a.yaml" });
  });

  it("marks glob targets so the caller can expand them", () => {
    const [target] = resolveLocationTargets(location({ target: "./services/*/catalog-info.yaml" }), BASE);
    expect(target).toMatchObject({
      status: "resolved",
      path: "/repo/catalog/services/*/catalog-info.yaml",
      isGlob: true,
    });
  });

  it("leaves absolute URLs unresolved and unsupported", () => {
    const [target] = resolveLocationTargets(
      location({ target: "https://github.com/acme/x/blob/main/catalog-info.yaml" }),
      BASE,
    );
    expect(target).toMatchObject({
      status: "unsupported",
      target: "https://github.com/acme/x/blob/main/catalog-info.yaml",
    });
  });

  it("reads a leading / in url targets as the repository root", () => {
    const targets = resolveLocationTargets(location({ targets: ["/teams/org.yaml"] }), BASE, { rootPath: "/repo" });
    expect(targets[0]).toMatchObject({ status: "resolved", path: "/repo/teams/org.yaml" });
    expect(resolveLocationTargets(location({ targets: ["/teams/org.yaml"] }), BASE)[0]).toMatchObject({
      status: "unsupported",
    });
  });

  it("follows file targets only when they start with '.', as Backstage resolves nothing else relatively", () => {
    const targets = resolveLocationTargets(
      location({ type: "file", targets: ["./x.yaml", "/etc/passwd", "y.yaml"] }),
      BASE,
    );
    expect(targets.map((t) => t.status)).toEqual(["resolved", "unsupported", "unsupported"]);
    expect(targets[0]).toMatchObject({ type: "file", path: "/repo/catalog/x.yaml" });
  });

  it("inherits the reading location's type when spec.type is absent", () => {
    const [target] = resolveLocationTargets(location({ target: "y.yaml" }), BASE, { defaultType: "file" });
    expect(target).toMatchObject({ type: "file", status: "unsupported" });
  });

  it("refuses targets that escape the repository", () => {
    const [target] = resolveLocationTargets(location({ target: "../../outside.yaml" }), BASE, { rootPath: "/repo" });
    expect(target).toMatchObject({ status: "unsupported", reason: "points outside the repository" });
  });

  it("refuses location types a file import cannot follow", () => {
    const [target] = resolveLocationTargets(
      location({ type: "github-discovery", target: "https://github.com/acme" }),
      BASE,
    );
    expect(target.status).toBe("unsupported");
  });

  it("gives other kinds no targets", () => {
    expect(resolveLocationTargets({ ...location({ target: "./a.yaml" }), kind: "Component" }, BASE)).toEqual([]);
  });
});
