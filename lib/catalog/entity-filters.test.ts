import { describe, expect, it } from "vitest";
import { toPrefixQuery } from "./entity-filters";

describe("toPrefixQuery", () => {
  it("turns each word into a prefix term, all required", () => {
    expect(toPrefixQuery("pay serv")).toBe("pay:* & serv:*");
    expect(toPrefixQuery("Payment-Gateway")).toBe("payment:* & gateway:*");
  });

  it("drops tsquery syntax so user input can never break or widen the query", () => {
    expect(toPrefixQuery("a & !b | (c:*)")).toBe("a:* & b:* & c:*");
    expect(toPrefixQuery("' or 1=1 --")).toBe("or:* & 1:* & 1:*");
    expect(toPrefixQuery("  !!! ")).toBeNull();
  });

  it("keeps letters of any script and caps the number of terms", () => {
    expect(toPrefixQuery("Zürich café")).toBe("zürich:* & café:*");
    expect(toPrefixQuery("a b c d e f g h i j")?.split(" & ")).toHaveLength(8);
  });
});
