import { describe, expect, it } from "vitest";
import { tsqueryLexeme, wordsQuery, WORDS_PER_PREFIX_MAX } from "./search-words";

describe("wordsQuery", () => {
  it("ORs a word's catalog words and requires every word", () => {
    expect(
      wordsQuery([
        { prefix: "pay", words: ["pay", "payment", "payments"] },
        { prefix: "serv", words: ["service"] },
      ]),
    ).toBe("('pay' | 'payment' | 'payments') & ('service')");
  });

  it("keeps a word as a prefix when no catalog word or too many start with it", () => {
    const many = Array.from({ length: WORDS_PER_PREFIX_MAX + 1 }, (_, i) => `a${i}`);
    expect(wordsQuery([{ prefix: "zz", words: [] }])).toBe("'zz':*");
    expect(wordsQuery([{ prefix: "a", words: many }])).toBe("'a':*");
    expect(wordsQuery([{ prefix: "a", words: many.slice(1) }])).toContain("'a1' | ");
    // Numbers are not kept: digits stay a prefix whatever words start with them.
    expect(wordsQuery([{ prefix: "12", words: ["12factor"] }])).toBe("'12':*");
    expect(wordsQuery([{ prefix: "12f", words: ["12factor"] }])).toBe("('12factor')");
  });

  it("quotes a lexeme so that nothing in it is read as tsquery syntax", () => {
    expect(tsqueryLexeme("o'neil")).toBe("'o''neil'");
    expect(tsqueryLexeme("c:\\dir")).toBe("'c:\\\\dir'");
    expect(tsqueryLexeme("a & !b | c:*")).toBe("'a & !b | c:*'");
  });
});
