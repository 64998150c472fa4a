// What the user-admin routes answer, as zod schemas (lib/api/contract.ts: the document and the
// handlers' type checks come from them).
import { z } from "zod";
import { ROLES } from "@/db/schema";
import { isoDateTime } from "@/lib/wire";

export const userList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      login: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: z.enum(ROLES),
      lastSignInAt: isoDateTime.nullable(),
    }),
  ),
});

export const roleChange = z.object({ login: z.string(), role: z.enum(ROLES) });
