// GET /api/v1/users — portal users and their roles (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const GET = withApi(adminRoutes.listUsers, async ({ db, reply }) => {
  const users = await listUsers(db);
  return reply(200, {
    items: users.map(({ id, login, name, email, role, lastSignInAt }) => ({
      id,
      login,
      name,
      email,
      role,
      lastSignInAt,
    })),
  });
});
