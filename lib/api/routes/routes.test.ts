import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RouteContract } from "@/lib/api/contract";
import * as registries from "./index";
import { API_ROUTES } from "./index";

const APP = path.resolve(import.meta.dirname, "../../../app");

/** `app/(portal)/environments/data/route.ts` → `/environments/data`; `[id]` → `{id}`. */
function routeFiles(): { file: string; path: string; text: string }[] {
  const files = fs.readdirSync(APP, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
  return files.map((file) => {
    const segments = path
      .dirname(file)
      .split(path.sep)
      .filter((s) => !/^\(.*\)$/.test(s));
    const urlPath = "/" + segments.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/");
    return { file, path: urlPath, text: fs.readFileSync(path.join(APP, file), "utf8") };
  });
}

const bound = /export const (GET|POST|PUT|PATCH|DELETE) = with(?:Public)?Api\((\w+)\.(\w+)\b/g;

describe("route contracts", () => {
  const files = routeFiles().filter((f) => !f.path.startsWith("/api/auth/"));

  it("binds every exported handler of every route file to a contract of the same method and path", () => {
    const seen: string[] = [];
    for (const file of files) {
      const exported = [...file.text.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
        (m) => m[1],
      );
      const bindings = [...file.text.matchAll(bound)];
      expect(
        bindings.map((b) => b[1]),
        `${file.file}: every handler goes through withApi/withPublicApi with a contract`,
      ).toEqual(exported);
      for (const [, method, registry, name] of bindings) {
        const contract = (registries as unknown as Record<string, Record<string, RouteContract>>)[registry]?.[name];
        expect(contract, `${file.file}: ${registry}.${name} exists`).toBeTruthy();
        expect({ method: contract.method, path: contract.path }, file.file).toEqual({ method, path: file.path });
        seen.push(`${method} ${file.path}`);
      }
    }
    // …and no contract without its route file.
    expect(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(seen.sort());
  });

  it("gives every path parameter a schema and every write a permission or a stated alternative", () => {
    for (const route of API_ROUTES) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      if (names.length) expect(route.params, `${route.method} ${route.path}`).toBeTruthy();
      if ("public" in route.auth)
        expect(route.auth.public.length, `${route.method} ${route.path} says what authenticates it`).toBeGreaterThan(5);
    }
  });
});
