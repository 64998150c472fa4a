import { describe, expect, it } from "vitest";
import { codeownersTeam } from "./codeowners";

describe("codeownersTeam", () => {
  it("takes the first team of the last * rule", () => {
    const text = "# owners\n* @acme/old-team\n*.md @acme/docs\n* @alice @acme/Payments-Core @acme/other # comment\n";
    expect(codeownersTeam(text, "acme")).toBe("payments-core");
  });
  it("ignores users, e-mails and teams of other organisations", () => {
    expect(codeownersTeam("* @alice bob@example.com @other/team\n", "acme")).toBeNull();
  });
  it("returns null without a * rule, and copes with CRLF", () => {
    expect(codeownersTeam("/docs/ @acme/docs\r\n", "acme")).toBeNull();
    expect(codeownersTeam("*\t@ACME/web\r\n", "acme")).toBe("web");
  });
});
