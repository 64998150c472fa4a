import {
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { signInAs } from "../support/sign-in";

export const ADMIN_TOKEN = "e2e-admin-token";

/** `scopedToken`: an admin-role token holding only `catalog:read` — its role would allow more, its scope does not. */
export type Who = "anonymous" | "viewer" | "developer" | "admin" | "adminToken" | "viewerToken" | "scopedToken";
export const EVERYONE: Who[] = [
  "anonymous",
  "viewer",
  "developer",
  "admin",
  "adminToken",
  "viewerToken",
  "scopedToken",
];

const LOGINS: Partial<Record<Who, string>> = { viewer: "viewer", developer: "dev", admin: "admin" };

export type Principals = Record<Who, APIRequestContext> & { dispose: () => Promise<void> };

/** A request context per kind of caller: session cookies for people, bearer headers for tokens. */
export async function principals(browser: Browser, baseURL: string): Promise<Principals> {
  const contexts: Partial<Record<Who, APIRequestContext>> = {};
  const pages: BrowserContext[] = [];
  let adminPage: Page | null = null;
  contexts.anonymous = await playwrightRequest.newContext({ baseURL });
  for (const who of ["viewer", "developer", "admin"] as const) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signInAs(page, LOGINS[who]!);
    if (who === "admin") adminPage = page;
    pages.push(context);
    // Cookie writes must come from the portal's own origin, as the browser would send them.
    contexts[who] = await playwrightRequest.newContext({
      baseURL,
      storageState: await context.storageState(),
      extraHTTPHeaders: { origin: baseURL },
    });
  }
  contexts.adminToken = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const viewerToken = await createToken(adminPage!, "security matrix viewer", "viewer");
  contexts.viewerToken = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${viewerToken}` },
  });
  const scopedToken = await createToken(adminPage!, "security matrix read-only admin", "admin");
  contexts.scopedToken = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${scopedToken}` },
  });
  return {
    ...(contexts as Record<Who, APIRequestContext>),
    dispose: async () => {
      for (const context of Object.values(contexts)) await context.dispose();
      for (const context of pages) await context.close();
    },
  };
}

/** An API token made the way an admin makes one: on Admin → API tokens (only `catalog:read` ticked), secret shown once. */
export async function createToken(adminPage: Page, name: string, role: string): Promise<string> {
  await adminPage.goto("/admin/tokens");
  await adminPage.getByLabel("Token name").fill(name);
  await adminPage.getByLabel("Role").selectOption(role);
  await adminPage.getByRole("button", { name: "Create token" }).click();
  return ((await adminPage.getByLabel("New token secret").textContent()) ?? "").trim();
}
