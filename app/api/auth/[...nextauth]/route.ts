// GET|POST /api/auth/* — next-auth sign-in, callback, session and sign-out
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return NextAuth(request as never, { params: await context.params } as never, authOptions(getDb));
}

export { handler as GET, handler as POST };
