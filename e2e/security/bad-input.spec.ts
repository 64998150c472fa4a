import { expect, test, type APIRequestContext } from "@playwright/test";
import { API_ROUTES } from "@/lib/api/routes";
import type { RouteContract } from "@/lib/api/contract";
import { signInAs } from "../support/sign-in";

// A corpus of malformed requests against every route, as an admin (so every guard lets it through
// to the parsers): each must be a 4xx that says what to fix — never a 5xx.

const ADMIN = { authorization: "Bearer e2e-admin-token" };

const BAD_SEGMENTS = [
  "not-a-uuid",
  "%25",
  "%2525",
  "%00",
  "%E0%A4%A",
  "..%2F..%2Fetc",
  "a".repeat(300),
  "%F0%9F%92%A9",
  "1'%20or%20'1'='1",
  "-1",
];
const BAD_QUERIES = [
  "limit=abc",
  "limit=-1&cursor=%00",
  "q=%FF%FE",
  "cursor=" + "z".repeat(5000),
  "kind=%00",
  "after=1e309",
  "service=%25",
  "offset=NaN",
  "all=maybe",
  "since=yesterday",
  "q=" + "a".repeat(1000),
];
const BAD_BODIES: { name: string; data: string | Buffer; type?: string }[] = [
  { name: "not JSON", data: "{oops" },
  { name: "array", data: "[1,2]" },
  { name: "null", data: "null" },
  { name: "string", data: '"hello"' },
  {
    name: "wrong types",
    data: JSON.stringify({
      template: 5,
      parameters: "x",
      role: 7,
      id: [],
      service: {},
      hours: "many",
      comment: { a: 1 },
    }),
  },
  {
    name: "NUL in a string",
    data: '{"id":"a\\u0000b","template":"x\\u0000","role":"viewer\\u0000","comment":"\\u0000"}',
  },
  { name: "deep nesting", data: "[".repeat(5000) + "]".repeat(5000) },
  { name: "not UTF-8", data: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) },
  { name: "huge number", data: '{"hours":1e400,"after":1e400}' },
  {
    name: "YAML bomb",
    type: "application/yaml",
    data: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
  },
  {
    name: "NUL in YAML",
    type: "application/yaml",
    data: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: nul-test, description: "a\\0b" }\nspec: { type: service, lifecycle: production, owner: x }\n',
  },
];

function withParams(route: RouteContract, value: string): string {
  return route.path.replace(/\{\w+\}/g, value);
}

async function send(
  api: APIRequestContext,
  route: RouteContract,
  url: string,
  data?: string | Buffer,
  type = "application/json",
) {
  return api.fetch(url, {
    method: route.method,
    headers: { ...ADMIN, ...(data === undefined ? {} : { "content-type": type }) },
    data,
    maxRedirects: 0,
  });
}

test.describe("bad input corpus: 0 × 5xx", () => {
  test("malformed path parameters, query strings and bodies on every route are 4xx with a message", async ({
    request,
  }) => {
    test.setTimeout(180_000);
    const failures: string[] = [];
    const check = async (label: string, response: Awaited<ReturnType<typeof send>>) => {
      const status = response.status();
      if (status >= 500) failures.push(`${label}: ${status} ${(await response.text()).slice(0, 200)}`);
      else if (
        status >= 400 &&
        status !== 401 &&
        status !== 404 &&
        status !== 405 &&
        route4xxHasMessage(await response.text()) === false
      )
        failures.push(`${label}: ${status} without a message`);
    };
    for (const route of API_ROUTES) {
      const base = withParams(route, "00000000-0000-4000-8000-000000000000");
      if (route.path.includes("{")) {
        for (const segment of BAD_SEGMENTS)
          await check(
            `${route.method} ${withParams(route, segment)}`,
            await send(request, route, withParams(route, segment)),
          );
      }
      for (const query of BAD_QUERIES)
        await check(`${route.method} ${base}?${query.slice(0, 40)}`, await send(request, route, `${base}?${query}`));
      if (route.method !== "GET") {
        for (const body of BAD_BODIES)
          await check(
            `${route.method} ${base} body ${body.name}`,
            await send(
              request,
              route,
              base.includes("catalog/import") ? `${base}?location=corpus` : base,
              body.data,
              body.type,
            ),
          );
      }
    }
    expect(failures).toEqual([]);
  });

  test("oversize bodies are refused with 413 and the limit, before they are parsed", async ({ request }) => {
    const twoMb = "x".repeat(2 * 1024 * 1024);
    const deployment = await request.post("/api/v1/deployments", {
      headers: { ...ADMIN, "content-type": "application/json" },
      data: `{"id":"${twoMb}"}`,
    });
    expect(deployment.status()).toBe(413);
    expect((await deployment.json()).error.message).toMatch(/larger than 1 MB/);
    const callback = await request.post("/api/v1/runs/00000000-0000-4000-8000-000000000000/callback", {
      headers: { "content-type": "application/json" },
      data: `{"a":"${twoMb}"}`,
    });
    expect(callback.status()).toBe(413);
    const import11 = await request.post("/api/v1/catalog/import?location=big", {
      headers: { ...ADMIN, "content-type": "application/yaml" },
      data: "#".repeat(11 * 1024 * 1024),
    });
    expect(import11.status()).toBe(413);
    expect((await import11.json()).error.message).toMatch(/10 MB/);
    const webhook = await request.post("/api/webhooks/github", {
      headers: { "content-type": "application/json", "x-github-event": "ping" },
      data: "x".repeat(26 * 1024 * 1024),
    });
    expect(webhook.status()).toBe(413);
  });

  test("malformed page addresses are 4xx, never the error page", async ({ page }) => {
    await signInAs(page, "admin");
    const failures: string[] = [];
    for (const url of [
      "/runs/not-a-uuid",
      "/runs/%00",
      "/runs/%25",
      "/catalog/component/default/%25",
      "/catalog/component/%00/x",
      "/catalog/%E0%A4%A/default/x",
      "/teams/%00",
      "/teams/%25",
      "/self-service/%25",
      "/self-service/%00",
      "/catalog?q=%00",
      "/catalog?limit=abc&cursor=%00",
      "/deployments?cursor=garbage",
      "/environments?offset=-5",
      "/environments?team=%00",
      "/environments?team=a&team=b&system=" + "s".repeat(400),
    ]) {
      const response = await page.request.get(url, { maxRedirects: 0 });
      if (response.status() >= 500) failures.push(`${url}: ${response.status()}`);
    }
    expect(failures).toEqual([]);
  });
});

test("the environments filter pickers' options: bad input is a 400 naming the field, LIKE characters are text", async ({
  request,
}) => {
  const options = (query: string) => request.get(`/environments/options?${query}`, { headers: ADMIN });
  for (const [query, message] of [
    ["kind=component", "kind must be one of group, system"],
    ["q=pay", "kind must be one of group, system"],
    [`kind=group&q=${"a".repeat(101)}`, "q: at most 100 characters"],
    ["kind=group&limit=500", "limit must be at most 50"],
    ["kind=group&q=%00", "NUL"],
  ]) {
    const response = await options(query);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).error.message, query).toContain(message);
  }
  // Read as LIKE patterns these would match every team; as text, only names or titles holding them.
  for (const q of ["%", "_", "\\", "%25%25"]) {
    const response = await options(`kind=group&q=${encodeURIComponent(q)}`);
    expect(response.status(), q).toBe(200);
    const items: { name: string; title: string }[] = (await response.json()).items;
    expect(
      items.filter((t) => !`${t.name} ${t.title}`.includes(q)),
      q,
    ).toEqual([]);
  }
  expect((await (await options("kind=group")).json()).items.length).toBeGreaterThan(3);
});

function route4xxHasMessage(text: string): boolean {
  try {
    const body = JSON.parse(text);
    return typeof body?.error?.message === "string" && body.error.message.length > 3;
  } catch {
    return false;
  }
}
