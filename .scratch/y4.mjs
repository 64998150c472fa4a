import { Parser, Composer } from "yaml";
const lines = []; for (let i=0;i<25000;i++) lines.push(`    /pets/${i}: {get: {summary: "List pets number ${i}", responses: {200: ok}}}`);
const doc = `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: pets}\nspec:\n  type: openapi\n  definition: |\n${lines.join("\n")}\n`;
for (let r=0;r<2;r++){
let t0=performance.now(); const cst=[...new Parser().parse(doc)]; const t2=performance.now();
const docs=[...new Composer({}).compose(cst)]; const t3=performance.now(); docs[0].toJSON(); const t4 = performance.now();
console.log("block scalar", doc.length, "parse", (t2-t0).toFixed(0), "compose", (t3-t2).toFixed(0), "toJSON", (t4-t3).toFixed(0));
}
// chunked feeding: does the parser yield work incrementally?
const big = []; for (let i=0;i<20000;i++) big.push(`- name: item-${i}\n  description: "some text here for item ${i}"\n  tags: [a, b, c]\n`);
const text = big.join("");
const p = new Parser(); let maxStep = 0; const toks = [];
for (let off=0; off<text.length; off+=16384) { const t0=performance.now(); for (const tok of p.parse(text.slice(off, off+16384), off+16384 < text.length)) toks.push(tok); maxStep=Math.max(maxStep, performance.now()-t0); }
console.log("incremental parse tokens", toks.length, "max step ms", maxStep.toFixed(1));
