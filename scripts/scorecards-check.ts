// npm run scorecards:check [-- <dir-or-file>...] — validates scorecards the way the portal loads them
// (schema, levels, rule ids, facts, operators and their values), for a platform team's CI. One line
// per scorecard; each problem with its file, field and reason; exit 1 when any is broken or none found.
import fs from "node:fs";
import path from "node:path";
import {
  loadScorecardFile,
  loadScorecards,
  scorecardsDir,
  type LoadedScorecard,
} from "@/lib/scorecards/load-scorecards";
import { AppError } from "@/lib/errors";
import { runCli } from "./cli";

function load(input: string): LoadedScorecard[] {
  const absolute = path.resolve(input);
  if (!fs.existsSync(absolute)) throw new AppError("not_found:path", `${input}: no such file or directory`);
  return fs.statSync(absolute).isDirectory() ? loadScorecards(absolute) : loadScorecardFile(absolute);
}

await runCli(async () => {
  const inputs = process.argv.slice(2).filter((a) => a !== "--");
  const scorecards = (inputs.length ? inputs : [scorecardsDir()]).flatMap(load);
  let broken = 0;
  for (const s of scorecards) {
    if (s.ok) {
      console.log(
        `ok      ${s.scorecard.name}  (${s.file}: ${s.scorecard.rules.length} rules, levels ${s.scorecard.levels.join(" < ")})`,
      );
      continue;
    }
    broken++;
    console.log(`broken  ${s.name ?? "(unnamed)"}  (${s.file})`);
    for (const p of s.problems) console.log(`        ${s.file}: ${p.field || "(document)"}: ${p.message}`);
  }
  if (!scorecards.length) {
    console.error(`error: no Scorecard documents found in ${inputs.join(", ") || scorecardsDir()}`);
    return 1;
  }
  console.log(`${scorecards.length} scorecard(s), ${broken} broken`);
  return broken ? 1 : 0;
});
