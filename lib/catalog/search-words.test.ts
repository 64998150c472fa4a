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

  it("keeps a word as a prefix when too many catalog words start with it", () => {
    const many = Array.from({ length: WORDS_PER_PREFIX_MAX + 1 }, (_, i) => `a${i}`);
    expect(wordsQuery([{ prefix: "a", words: many }])).toBe("'a':*");
    expect(wordsQuery([{ prefix: "a", words: many.slice(1) }])).toContain("'a1' | ");
    // Numbers are not kept: digits stay a prefix whatever words start with them.
    expect(wordsQuery([{ prefix: "12", words: ["12factor"] }])).toBe("'12':*");
    expect(wordsQuery([{ prefix: "12f", words: ["12factor"] }])).toBe("('12factor')");
  });

  it("matches nothing when a word of letters starts no catalog word, whatever the other words", () => {
    expect(wordsQuery([{ prefix: "zz", words: [] }])).toBeNull();
    expect(
      wordsQuery([
        { prefix: "pay", words: ["payment"] },
        { prefix: "zz", words: [] },
      ]),
    ).toBeNull();
  });

  it("leaves a word with digits or other signs that starts no catalog word to the index, as a prefix", () => {
    expect(wordsQuery([{ prefix: "zz9", words: [] }])).toBe("'zz9':*");
    expect(wordsQuery([{ prefix: "é", words: [] }])).toBe("'é':*");
    expect(wordsQuery([{ prefix: "12", words: [] }])).toBe("'12':*");
  });

  it("quotes a lexeme so that nothing in it is read as tsquery syntax", () => {
    expect(tsqueryLexeme("o'neil")).toBe("'o''neil'");
    expect(tsqueryLexeme("c:\\dir")).toBe("'c:\\\\dir'");
    expect(tsqueryLexeme("a & !b | c:*")).toBe("'a & !b | c:*'");
  });
});
