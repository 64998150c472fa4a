import { Parser, Composer, Lexer, parseAllDocuments } from "yaml";
const big = []; for (let i=0;i<2000;i++) big.push(`- name: item-${i}\n  description: "some text here for item ${i}"\n  tags: [a, b, c]\n`);
const text = "a:\n" + big.join("");
let n=0; for (const _ of new Lexer().lex(text)) n++;
let t0=performance.now(); const cst=[...new Parser().parse(text)]; const t1=performance.now(); const docs=[...new Composer({}).compose(cst)]; const t2=performance.now();docs[0].toJSON(); const t3=performance.now();
console.log("bytes", text.length, "lexemes", n, "parse", (t1-t0).toFixed(1), "compose", (t2-t1).toFixed(1), "toJSON", (t3-t2).toFixed(1));
// cyclic alias
const d = parseAllDocuments("a: &x [1, *x]\n")[0]; console.log(d.errors.map(e=>e.message)); try { const j = d.toJSON(); console.log("cyc", j); } catch (e) { console.log("cyc throw", e.message); }
const d2 = parseAllDocuments("a: &x\n  b: *x\n")[0]; console.log(d2.errors.map(e=>e.message)); try { const j = d2.toJSON(); console.log("cyc2", j); } catch (e) { console.log("cyc2 throw", e.message); }
