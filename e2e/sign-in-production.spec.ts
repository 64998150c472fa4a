// A second, production server from the same build — its own empty data directory, NODE_ENV=production,
// no PORTOLAN_DEV_LOGIN — probed the way an attacker would: no password-less sign-in, nobody listed,
// a one-time setup link, sessions that really end at sign-out, and an audit log forged headers cannot fool.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser } from "@playwright/test";

const PORT = Number(process.env.E2E_PROD_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 2);
const ORIGIN = `http://localhost:${PORT}`;
const ADMIN = { login: "root", password: "four harbour lights at dusk" };

let server: ChildProcess;
let dataDir: string;
let stdout = "";

function productionEnv(): NodeJS.ProcessEnv {
  // Only what a plain `npm start` would have: nothing from the e2e server (dev sign-in, admin token, DATABASE_URL).
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    PORTOLAN_DATA_DIR: dataDir,
    PORTOLAN_QUEUE: "false",
    NEXTAUTH_URL: ORIGIN,
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`${what} did not happen; server output:\n${stdout}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const setupSecret = () => /\/setup\?token=([\w-]+)/.exec(stdout)?.[1];

async function signInOverHttp(login: string, password: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: ORIGIN });
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  await api.post("/api/auth/callback/password", { form: { csrfToken, login, password, json: "true" } });
  return api;
}

async function sessionCookie(api: APIRequestContext): Promise<string | undefined> {
  const { cookies } = await api.storageState();
  const cookie = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  return cookie && `${cookie.name}=${cookie.value}`;
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: ORIGIN });
  return { context, page: await context.newPage() };
}

test.describe.configure({ mode: "serial" });

test.describe("a production start without the development sign-in", () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-prod-e2e-"));
    server = spawn(process.execPath, ["scripts/serve.mjs"], {
      cwd: process.cwd(),
      env: productionEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (chunk) => (stdout += chunk));
    server.stderr!.on("data", (chunk) => (stdout += chunk));
    await until("health", async () => ((await fetch(`${ORIGIN}/api/health`)).ok ? true : undefined));
    await until("the setup link", async () => setupSecret());
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("serves like next start (compression, keep-alive), prints no development sign-in warning, offers no development provider", async ({
    request,
  }) => {
    expect(stdout).not.toMatch(/development sign-in is ON/);
    expect(stdout).toMatch(/listening on every interface/);
    const page = await request.get(`${ORIGIN}/signin`, { headers: { "Accept-Encoding": "gzip" } });
    expect(page.headers()["content-encoding"]).toBe("gzip");
    expect(page.headers()["connection"]).toBe("keep-alive");
    const providers = await (await request.get(`${ORIGIN}/api/auth/providers`)).json();
    expect(Object.keys(providers)).toEqual(["password"]);
  });

  test("POST /api/auth/callback/dev with login=admin gives no session", async () => {
    const api = await playwrightRequest.newContext({ baseURL: ORIGIN });
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const attack = await api.post("/api/auth/callback/dev", {
      form: { csrfToken, login: "admin", json: "true" },
      maxRedirects: 0,
    });
    expect(attack.status()).toBeLessThan(500);
    expect(await sessionCookie(api)).toBeUndefined();
    expect((await api.get("/api/v1/entities")).status()).toBe(401);
    expect(await (await api.get("/api/auth/session")).json()).toEqual({});
    await api.dispose();
  });

  test("the sign-in page lists nobody", async ({ request }) => {
    const html = await (await request.get(`${ORIGIN}/signin`)).text();
    expect(html).toContain("Sign in to Portolan");
    // The demo organisation's people are in the catalog, but the page names none of them.
    for (const person of ["nina.kowalski", "Sign in as", "Development sign-in", "viewer"])
      expect(html).not.toContain(person);
  });

  test("the printed setup link creates the first admin with a password, once", async ({ browser }) => {
    const secret = setupSecret()!;
    const { context, page } = await newPage(browser);
    await page.goto("/setup?token=not-the-printed-link");
    await expect(page.locator("main").getByRole("alert")).toContainText("not valid");

    await page.goto(`/setup?token=${secret}`);
    await page.getByLabel("Login").fill(ADMIN.login);
    await page.getByLabel("Name").fill("Root Admin");
    // Long enough for the browser's own check; the server's rules still refuse it.
    await page.getByLabel("Password", { exact: true }).fill("root-password-2026");
    await page.getByLabel("Repeat the password").fill("root-password-2026");
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("Do not use your login in the password.");

    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Repeat the password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/catalog");
    await page.goto("/admin/users");
    await expect(page.getByRole("table", { name: "Users" })).toContainText(ADMIN.login);

    await page.goto(`/setup?token=${secret}`);
    await expect(page.locator("main").getByRole("alert")).toContainText("already been used");
    await context.close();
  });

  test("password sign-in works; a wrong password does not", async ({ browser }) => {
    const { context, page } = await newPage(browser);
    await page.goto("/signin");
    await page.getByLabel("Login", { exact: true }).fill(ADMIN.login);
    await page.getByLabel("Password", { exact: true }).fill("four harbour lights at dawn");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("Wrong login or password.");
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/catalog");
    await context.close();
  });

  test("after sign-out, the old session cookie is refused", async ({ browser }) => {
    const { context, page } = await newPage(browser);
    await page.goto("/signin");
    await page.getByLabel("Login", { exact: true }).fill(ADMIN.login);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/catalog");
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
    const replay = { Cookie: `${cookie.name}=${cookie.value}` };
    const api = await playwrightRequest.newContext({ baseURL: ORIGIN });
    expect((await api.get("/api/v1/entities", { headers: replay })).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/signin");
    const refused = await api.get("/api/v1/entities", { headers: replay });
    expect(refused.status()).toBe(401);
    await api.dispose();
    await context.close();
  });

  test("a forged X-Forwarded-For does not reach the audit log", async ({ browser }) => {
    const api = await signInOverHttp(ADMIN.login, ADMIN.password);
    const forged = await api.post("/api/v1/catalog/import?location=xff-probe", {
      headers: {
        "X-Forwarded-For": "6.6.6.6",
        "X-Portolan-Peer": "6.6.6.7",
        Origin: ORIGIN,
        "Content-Type": "application/yaml",
      },
      data: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: xff-probe }\nspec: { type: service, lifecycle: experimental, owner: nobody }\n",
    });
    expect(forged.status()).toBe(200);
    await api.dispose();

    const { context, page } = await newPage(browser);
    await page.goto("/signin");
    await page.getByLabel("Login", { exact: true }).fill(ADMIN.login);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/catalog");
    await page.goto("/admin/audit");
    const row = page.getByRole("row").filter({ hasText: "xff-probe" });
    await expect(row).toContainText(/from (127\.0\.0\.1|::1)/);
    await expect(page.getByRole("table", { name: "Audit log" })).not.toContainText("6.6.6.");
    await context.close();
  });
});
