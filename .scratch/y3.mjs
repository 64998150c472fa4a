import { Parser, Composer, Lexer } from "yaml";
let big = ""; for (let i=0;i<20000;i++) big += `- name: item-${i}\n  description: "some text here for item ${i}"\n  tags: [a, b, c]\n`;
for (let r=0;r<3;r++){
let t0=performance.now(); const toks=[...new Lexer().lex(big)]; const t1=performance.now();
const cst=[...new Parser().parse(big)]; const t2=performance.now();
const docs=[...new Composer({}).compose(cst)]; const t3=performance.now();
const js = docs[0].toJSON(); const t4=performance.now();
console.log(big.length, "lex", (t1-t0).toFixed(0), "lex+parse", (t2-t1).toFixed(0), "compose", (t3-t2).toFixed(0), "toJSON", (t4-t3).toFixed(0));
}
// multi-doc typical descriptors
let multi = ""; for (let i=0;i<12000;i++) multi += `---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-${i}\n  description: The service number ${i} does things\n  tags: [java, kafka]\n  annotations:\n    github.com/project-slug: acme/svc-${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${i%40}\n  system: system-${i%200}\n  dependsOn: [component:svc-${(i+1)%12000}]\n`;
let t0=performance.now(); const cst=[...new Parser().parse(multi)]; const t2=performance.now();
const docs=[...new Composer({}).compose(cst)]; const t3=performance.now();
for (const d of docs) d.toJSON(); const t4=performance.now();
console.log("multi", multi.length, docs.length, "parse", (t2-t0).toFixed(0), "compose", (t3-t2).toFixed(0), "toJSON", (t4-t3).toFixed(0));
