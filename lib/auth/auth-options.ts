import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import { getDb } from "@/lib/runtime/database";
import { authSecret, isDevLoginEnabled, isGithubOAuthConfigured } from "@/lib/runtime/config";
import { isAppError } from "@/lib/errors";
import { findUserByLogin, signInUser } from "./users";

process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [];
  if (isGithubOAuthConfigured()) {
    list.push(GithubProvider({ clientId: process.env.GITHUB_CLIENT_ID!, clientSecret: process.env.GITHUB_CLIENT_SECRET! }));
  }
  if (isDevLoginEnabled()) {
    list.push(
      CredentialsProvider({
        id: "dev",
        name: "Development sign-in",
        credentials: { login: { label: "Login", type: "text" } },
        async authorize(credentials) {
          try {
            const user = await signInUser(await getDb(), { login: String(credentials?.login ?? "") });
            return { id: user.id, name: user.name ?? user.login, email: user.email };
          } catch (error) {
            // next-auth passes the message to the sign-in page as ?error=...
            if (isAppError(error)) throw new Error(error.message);
            throw error;
          }
        },
      }),
    );
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: providers(),
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "github") return true;
        const login = (profile as { login?: string } | undefined)?.login;
        if (!login) return "/signin?error=GitHub did not tell us your login";
        try {
          await signInUser(await getDb(), { login, name: profile?.name, email: profile?.email });
          return true;
        } catch (error) {
          if (isAppError(error)) return `/signin?error=${encodeURIComponent(error.message)}`;
          throw error;
        }
      },
      async jwt({ token, user, account, profile }) {
        // The token carries only our user id; role and name are read fresh on every request.
        if (account?.provider === "github") {
          const login = (profile as { login?: string } | undefined)?.login ?? "";
          token.uid = (await findUserByLogin(await getDb(), login))?.id;
        } else if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid } as typeof session;
      },
    },
  };
}
