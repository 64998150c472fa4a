import path from "node:path";

/** PORTOLAN_TEMPLATES_DIR (default: the built-in templates/). */
export function templatesDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.PORTOLAN_TEMPLATES_DIR || path.join(process.cwd(), "templates"));
}
