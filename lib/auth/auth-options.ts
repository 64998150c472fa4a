import type { NextAuthOptions, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/client";
import { authSecret, isDevLoginEnabled, isGithubOAuthConfigured, sessionMaxMs } from "@/lib/runtime/config";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import type { Actor } from "@/lib/access/permissions";
import { signInWithPassword } from "./password-sign-in";
import { devCredentialsSchema, passwordCredentialsSchema } from "./schemas";
import { resolveSession, revokeSession, startSession } from "./sessions";
import { signInWithDevLogin, signInWithGithub } from "./sign-in";

// next-auth builds callback URLs from NEXTAUTH_URL; the app is reached as localhost (STACK-NOTES).
process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;

type SignedInUser = User & { ip?: string | null };

/** next-auth turns a thrown Error into `?error=<message>` on the sign-in page. */
function asSignInError(error: unknown): never {
  if (isAppError(error)) throw new Error(error.message);
  throw error;
}

function ipOf(req: { headers?: Record<string, unknown> } | undefined): string | null {
  const headers = req?.headers ?? {};
  return clientIp({ get: (name) => (typeof headers[name] === "string" ? (headers[name] as string) : null) });
}

function providers(getDb: () => Promise<Db>): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [];
  if (isGithubOAuthConfigured()) {
    list.push(
      GithubProvider({ clientId: process.env.GITHUB_CLIENT_ID!, clientSecret: process.env.GITHUB_CLIENT_SECRET! }),
    );
  }
  list.push(
    CredentialsProvider({
      id: "password",
      name: "Password",
      credentials: { login: { label: "Login", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = passwordCredentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error("Enter your login and password.");
        const ip = ipOf(req);
        try {
          const user = await signInWithPassword(await getDb(), parsed.data, { ip });
          return { id: user.id, name: user.name ?? user.login, email: user.email, ip } satisfies SignedInUser;
        } catch (error) {
          return asSignInError(error);
        }
      },
    }),
  );
  if (isDevLoginEnabled()) {
    list.push(
      CredentialsProvider({
        id: "dev",
        name: "Development sign-in",
        credentials: { login: { label: "Login", type: "text" } },
        async authorize(credentials, req) {
          const parsed = devCredentialsSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error("Enter a login.");
          try {
            const user = await signInWithDevLogin(await getDb(), parsed.data);
            return {
              id: user.id,
              name: user.name ?? user.login,
              email: user.email,
              ip: ipOf(req),
            } satisfies SignedInUser;
          } catch (error) {
            return asSignInError(error);
          }
        },
      }),
    );
  }
  return list;
}

// The actor a request's session resolved to, handed from the jwt callback to the session callback
// of the same call (never written into the cookie).
const resolved = new WeakMap<object, Actor>();

/** next-auth's configuration; `getDb` is the process's database (the entry point passes it in). */
export function authOptions(getDb: () => Promise<Db>): NextAuthOptions {
  const maxAge = Math.floor(sessionMaxMs() / 1000);
  return {
    secret: authSecret(),
    // The cookie is a JWT carrying only { sid, uid }; the sessions table decides whether it is still good.
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    pages: { signIn: "/signin", error: "/signin" },
    providers: providers(getDb),
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "github") return true;
        const { login, id } = (profile ?? {}) as { login?: string; id?: number | string };
        if (!login || id === undefined) return "/signin?error=GitHub did not tell us who you are";
        try {
          await signInWithGithub(await getDb(), {
            login,
            githubId: String(id),
            name: profile?.name,
            email: profile?.email,
          });
          return true;
        } catch (error) {
          if (isAppError(error)) return `/signin?error=${encodeURIComponent(error.message)}`;
          throw error;
        }
      },
      async jwt({ token, user, account, profile }): Promise<JWT> {
        const db = await getDb();
        if (user) {
          // A sign-in just succeeded: open a server-side session and put only its id in the cookie.
          let uid: string | undefined = user.id;
          if (account?.provider === "github") {
            const githubId = String((profile as { id?: number | string } | undefined)?.id ?? "");
            uid = (await db.select({ id: users.id }).from(users).where(eq(users.githubId, githubId)))[0]?.id;
          }
          if (!uid) throw new Error("Sign-in did not name an account.");
          const session = await startSession(db, {
            userId: uid,
            method: account?.provider ?? "unknown",
            ip: (user as SignedInUser).ip ?? null,
          });
          return { sid: session.id, uid };
        }
        const actor = await resolveSession(db, token);
        if (!actor) return {};
        resolved.set(token, actor);
        return token;
      },
      async session({ session, token }) {
        return { expires: session.expires, actor: resolved.get(token) ?? null } as unknown as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        await revokeSession(await getDb(), (token as JWT | null)?.sid);
      },
    },
  };
}
