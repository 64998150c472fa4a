import { describe, expect, it } from "vitest";
import { COLUMN_WIDTH, ROW_HEIGHT, layoutEntityGraph, refName } from "./graph-layout";

const self = "component:default/checkout";

describe("layoutEntityGraph", () => {
  it("puts what the entity uses on the left and what uses it on the right", () => {
    const { nodes, edges } = layoutEntityGraph(self, [
      { type: "dependsOn", targetRef: "resource:default/orders-db" },
      { type: "consumesApi", targetRef: "api:default/payments-api" },
      { type: "dependencyOf", targetRef: "component:default/web" },
      { type: "providesApi", targetRef: "api:default/checkout-api" },
      { type: "ownedBy", targetRef: "group:default/payments" },
    ]);
    const side = (ref: string) => nodes.find((n) => n.ref === ref)?.side;
    expect(side(self)).toBe("center");
    expect(side("resource:default/orders-db")).toBe("upstream");
    expect(side("api:default/payments-api")).toBe("upstream");
    expect(side("component:default/web")).toBe("downstream");
    expect(side("api:default/checkout-api")).toBe("downstream");
    // Ownership is shown elsewhere on the page, not as a dependency.
    expect(side("group:default/payments")).toBeUndefined();

    const center = nodes.find((n) => n.side === "center")!;
    expect(center.x).toBe(COLUMN_WIDTH);
    expect(nodes.filter((n) => n.side === "upstream").every((n) => n.x < center.x)).toBe(true);
    expect(nodes.filter((n) => n.side === "downstream").every((n) => n.x > center.x)).toBe(true);

    expect(edges).toContainEqual(
      expect.objectContaining({ source: "upstream:resource:default/orders-db", target: self }),
    );
    expect(edges).toContainEqual(expect.objectContaining({ source: self, target: "downstream:component:default/web" }));
  });

  it("is deterministic whatever order the relations arrive in", () => {
    const relations = [
      { type: "dependsOn", targetRef: "resource:default/b" },
      { type: "dependsOn", targetRef: "resource:default/a" },
      { type: "consumesApi", targetRef: "api:default/c" },
    ];
    const forwards = layoutEntityGraph(self, relations);
    const backwards = layoutEntityGraph(self, [...relations].reverse());
    expect(backwards).toEqual(forwards);
    const ys = forwards.nodes.filter((n) => n.side === "upstream").map((n) => [n.ref, n.y]);
    expect(ys).toEqual([
      ["resource:default/a", -ROW_HEIGHT],
      ["resource:default/b", 0],
      ["api:default/c", ROW_HEIGHT],
    ]);
  });

  it("draws one node per neighbour, naming every relation on its edge", () => {
    const { nodes, edges } = layoutEntityGraph(
      self,
      [
        { type: "dependsOn", targetRef: "component:default/x" },
        { type: "dependsOn", targetRef: "component:default/x" },
        { type: "partOf", targetRef: "component:default/x" },
      ],
      { relationLabel: (t) => t.toUpperCase() },
    );
    expect(nodes.filter((n) => n.ref === "component:default/x")).toHaveLength(1);
    expect(edges).toEqual([
      {
        id: "e:upstream:component:default/x",
        source: "upstream:component:default/x",
        target: self,
        label: "DEPENDSON, PARTOF",
      },
    ]);
  });

  it("collapses a long side into a '+N more' node that links nowhere", () => {
    const relations = Array.from({ length: 7 }, (_, i) => ({ type: "hasPart", targetRef: `component:default/c${i}` }));
    const { nodes, edges } = layoutEntityGraph("system:default/s", relations, { maxPerSide: 5 });
    const right = nodes.filter((n) => n.side === "downstream");
    expect(right).toHaveLength(6);
    expect(right.at(-1)).toMatchObject({ ref: null, label: "+2 more" });
    expect(edges).toHaveLength(5);
  });

  it("labels nodes with titles when given, else with the ref's name", () => {
    const { nodes } = layoutEntityGraph(self, [{ type: "dependsOn", targetRef: "resource:default/orders-db" }], {
      labelOf: (ref) => (ref === self ? "Checkout" : refName(ref)),
    });
    expect(nodes.map((n) => n.label)).toEqual(["Checkout", "orders-db"]);
  });

  it("ignores a relation to itself", () => {
    const { nodes } = layoutEntityGraph(self, [{ type: "dependsOn", targetRef: self }]);
    expect(nodes).toHaveLength(1);
  });
});
