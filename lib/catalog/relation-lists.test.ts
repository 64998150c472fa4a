import { describe, expect, it } from "vitest";
import { sliceByEdges } from "./relation-lists";

describe("sliceByEdges", () => {
  const rows = [{ edges: 3 }, { edges: 4 }, { edges: 10 }, { edges: 1 }];

  it("takes the first rows whose edges fit the budget", () => {
    expect(sliceByEdges(rows, 7)).toEqual([{ edges: 3 }, { edges: 4 }]);
    expect(sliceByEdges(rows, 100)).toEqual(rows);
  });

  it("stops at the first row that does not fit, even if a later one would", () => {
    expect(sliceByEdges(rows, 16)).toEqual([{ edges: 3 }, { edges: 4 }]);
  });

  it("always takes the first row, however big", () => {
    expect(sliceByEdges([{ edges: 500 }, { edges: 1 }], 10)).toEqual([{ edges: 500 }]);
    expect(sliceByEdges([], 10)).toEqual([]);
  });
});
