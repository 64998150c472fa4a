import { parseAllDocuments, Parser, Composer } from "yaml";
const t = (label, fn) => { const s = performance.now(); try { const r = fn(); console.log(label, "ok", (performance.now()-s).toFixed(0)+"ms", typeof r === "string" ? r.slice(0,100) : r); } catch (e) { console.log(label, "THROW", e.constructor.name, String(e.message).slice(0,150), (performance.now()-s).toFixed(0)+"ms"); } };
t("nul escape", () => JSON.stringify(parseAllDocuments('a: "x\\0y"\n')[0].toJSON()));
t("raw nul", () => { const d = parseAllDocuments('a: x\u0000y\n')[0]; return JSON.stringify([d.errors.map(e=>e.message), d.toJSON()]); });
t("surrogate escape", () => JSON.stringify(parseAllDocuments('a: "\\ud800"\n')[0].toJSON()));
t("deep flow 100k", () => { const d = parseAllDocuments("a: " + "[".repeat(100000) + "]".repeat(100000))[0]; return d.errors.length + " errs"; });
t("deep flow 100k toJSON", () => { const d = parseAllDocuments("a: " + "[".repeat(100000) + "]".repeat(100000))[0]; d.toJSON(); return "json ok"; });
t("deep flow 5k toJSON", () => { const d = parseAllDocuments("a: " + "[".repeat(5000) + "]".repeat(5000))[0]; return JSON.stringify(d.toJSON()).length; });
t("deep flow map 50k", () => { const d = parseAllDocuments("a: " + "{a: ".repeat(50000) + "1" + "}".repeat(50000))[0]; return d.errors.length + " errs " + JSON.stringify(d.toJSON()).length; });
let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"; let prev="a"; for (let i=0;i<9;i++){ const n="b"+i; bomb += `${n}: &${n} [${Array(10).fill("*"+prev).join(",")}]\n`; prev=n; }
t("alias bomb", () => JSON.stringify(parseAllDocuments(bomb)[0].toJSON()).length);
