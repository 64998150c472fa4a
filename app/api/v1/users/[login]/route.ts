// PATCH /api/v1/users/{login} — change a user's role (admins, including PORTOLAN_ADMIN_TOKEN)
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { findUserByLogin, setUserRole } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const PATCH = withApi(adminRoutes.setUserRole, async ({ body, db, actor, params, reply }) => {
  const user = await findUserByLogin(db, params.login);
  if (!user)
    throw new AppError("not_found:users", `No portal user ${params.login}; they appear after their first sign-in.`);
  const updated = await setUserRole(db, actor, { userId: user.id, role: body.role });
  return reply(200, { login: updated.login, role: updated.role });
});
