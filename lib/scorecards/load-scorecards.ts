// Scorecards as code: every Scorecard document in PORTOLAN_SCORECARDS_DIR (default: the built-in
// scorecards/), each usable or reported with its file, field and reason — a broken one is never
// applied. Two usable scorecards with one name: the second is reported as a duplicate.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { parseScorecard, type Problem, type Scorecard } from "./definition";
import { yamlFiles } from "@/lib/yaml-files";

export type LoadedScorecard =
  | { ok: true; file: string; scorecard: Scorecard }
  | { ok: false; file: string; name: string | null; problems: Problem[] };

/** PORTOLAN_SCORECARDS_DIR (default: the built-in scorecards/). */
export function scorecardsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.PORTOLAN_SCORECARDS_DIR || path.join(process.cwd(), "scorecards"));
}

/** Every Scorecard document of one text (other kinds are ignored). */
export function parseScorecardText(text: string, file: string): LoadedScorecard[] {
  let documents;
  try {
    documents = parseAllDocuments(text);
  } catch (error) {
    return [{ ok: false, file, name: null, problems: [{ field: "", message: String(error) }] }];
  }
  const loaded: LoadedScorecard[] = [];
  for (const doc of documents) {
    if (doc.errors.length) {
      loaded.push({
        ok: false,
        file,
        name: null,
        problems: doc.errors.map((e) => ({ field: "", message: e.message })),
      });
      continue;
    }
    const body = doc.toJS({ maxAliasCount: 50 }) as { kind?: unknown } | null;
    if (!body || body.kind !== "Scorecard") continue;
    const parsed = parseScorecard(body);
    loaded.push(parsed.ok ? { ok: true, file, scorecard: parsed.scorecard } : { file, ...parsed });
  }
  return loaded;
}

/** One file (named relative to the working directory). */
export function loadScorecardFile(file: string): LoadedScorecard[] {
  const relative = path.relative(process.cwd(), file) || file;
  try {
    return parseScorecardText(fs.readFileSync(file, "utf8"), relative);
  } catch (error) {
    return [{ ok: false, file: relative, name: null, problems: [{ field: "", message: String(error) }] }];
  }
}

// Parsed files by path while their mtime and size are unchanged: every page and job reads the
// scorecards (so an edit shows at once) without parsing them each time.
const parsedFiles = new Map<string, { stamp: string; scorecards: LoadedScorecard[] }>();

function loadCached(file: string): LoadedScorecard[] {
  let stamp: string;
  try {
    const stat = fs.statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return [];
  }
  const cached = parsedFiles.get(file);
  if (cached?.stamp === stamp) return cached.scorecards;
  const scorecards = loadScorecardFile(file);
  parsedFiles.set(file, { stamp, scorecards });
  return scorecards;
}

/** Every Scorecard document in the directory, usable or not; a repeated name is a problem. */
export function loadScorecards(dir = scorecardsDir()): LoadedScorecard[] {
  const seen = new Set<string>();
  return yamlFiles(dir)
    .flatMap(loadCached)
    .map((s): LoadedScorecard => {
      if (!s.ok) return s;
      if (seen.has(s.scorecard.name))
        return {
          ok: false,
          file: s.file,
          name: s.scorecard.name,
          problems: [{ field: "metadata.name", message: `another scorecard is already named "${s.scorecard.name}"` }],
        };
      seen.add(s.scorecard.name);
      return s;
    });
}
