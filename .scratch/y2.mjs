import { parseAllDocuments } from "yaml";
let d = parseAllDocuments("a: " + "[".repeat(100000) + "]".repeat(100000))[0];
console.log(d.errors.map(e=>e.code+" "+e.message.slice(0,200)));
d = parseAllDocuments("a: " + "[".repeat(5000) + "]".repeat(5000))[0];
console.log(d.errors.map(e=>e.code+" "+e.message.slice(0,200)));
let s = "a:\n"; for (let i=1;i<2000;i++) s += " ".repeat(i) + "- \n"; 
let t0=performance.now(); d = parseAllDocuments(s)[0]; console.log("block", d.errors.length, performance.now()-t0, s.length);
// big doc parse speed
let big = ""; for (let i=0;i<20000;i++) big += `- name: item-${i}\n  description: "some text here for item ${i}"\n  tags: [a, b, c]\n`;
t0=performance.now(); d = parseAllDocuments(big); console.log("1 big doc", big.length, performance.now()-t0);
t0=performance.now(); d[0].toJSON(); console.log("toJSON", performance.now()-t0);
