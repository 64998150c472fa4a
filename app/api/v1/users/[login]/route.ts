// PATCH /api/v1/users/{login} — change a user's role (admins, including PORTOLAN_ADMIN_TOKEN)
import { z } from "zod";
import { withApi } from "@/app/api/_lib/with-api";
import { findUserByLogin, setUserRole } from "@/lib/auth/users";
import { ROLES } from "@/db/schema";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }) });

export const PATCH = withApi<{ login: string }>("admin:users", async ({ request, db, actor, params }) => {
  const body = bodySchema.parse(await request.json().catch(() => {
    throw new AppError("bad_request:users", 'Send a JSON body like {"role": "developer"}.');
  }));
  const user = await findUserByLogin(db, params.login);
  if (!user) throw new AppError("not_found:users", `No portal user ${params.login}; they appear after their first sign-in.`);
  const updated = await setUserRole(db, actor, { userId: user.id, role: body.role });
  return Response.json({ login: updated.login, role: updated.role });
});
