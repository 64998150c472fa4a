// npm run templates:check [-- <dir-or-file>...] — validates environment templates the way the portal
// loads them (schema, actions, step ids, parameters, expressions), for a platform team's CI. One line
// per template; each problem with its file, field and reason; exit 1 when any is broken or none found.
import fs from "node:fs";
import path from "node:path";
import { loadDirectoryTemplates, loadTemplateFile, templatesDir } from "@/lib/provisioning/load-templates";
import type { LoadedTemplate } from "@/lib/provisioning/template-schema";
import { AppError } from "@/lib/errors";
import { runCli } from "./cli";

function load(input: string): LoadedTemplate[] {
  const absolute = path.resolve(input);
  if (!fs.existsSync(absolute)) throw new AppError("not_found:path", `${input}: no such file or directory`);
  return fs.statSync(absolute).isDirectory() ? loadDirectoryTemplates(absolute) : loadTemplateFile(absolute);
}

await runCli(async () => {
  const inputs = process.argv.slice(2).filter((a) => a !== "--");
  const templates = (inputs.length ? inputs : [templatesDir()]).flatMap(load);
  let broken = 0;
  for (const t of templates) {
    const where = t.source.kind === "file" ? t.source.file : t.source.ref;
    if (t.ok) {
      console.log(`ok      ${t.name}  (${where})`);
      continue;
    }
    broken++;
    console.log(`broken  ${t.name ?? "(unnamed)"}  (${where})`);
    for (const p of t.problems) console.log(`        ${where}: ${p.field || "(document)"}: ${p.message}`);
  }
  if (!templates.length) {
    console.error(`error: no Template documents found in ${inputs.join(", ") || templatesDir()}`);
    return 1;
  }
  console.log(`${templates.length} template(s), ${broken} broken`);
  return broken ? 1 : 0;
});
