import { describe, expect, it } from "vitest";
import { displayText } from "./display-text";

describe("displayText", () => {
  it("shows strings as they are and placeholders as what they point to", () => {
    expect(displayText("Charges cards")).toBe("Charges cards");
    expect(displayText({ $text: "./README.md" })).toBe("($text: ./README.md)");
    expect(displayText(42)).toBe("42");
  });

  it("never hands an object or list to the page", () => {
    expect(displayText({ nested: { a: 1 } })).toBeUndefined();
    expect(displayText(["a"])).toBeUndefined();
    expect(displayText(undefined)).toBeUndefined();
  });
});
