import { z } from "zod";
import { API_SCOPES, ROLES } from "@/db/schema";
import { PASSWORD_MAX_LENGTH } from "./passwords";

// Every way into sign-in and account management: forms (server actions) and the next-auth providers.

const secret = z
  .string({ message: "the link is incomplete" })
  .min(1, "the link is incomplete")
  .max(200, "the link is not valid");
const login = z.string({ message: "enter a login" }).trim().min(1, "enter a login").max(63, "at most 63 characters");
const password = z
  .string({ message: "enter a password" })
  .min(1, "enter a password")
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);
// An empty field means no name.
const name = z
  .string()
  .trim()
  .max(100, "at most 100 characters")
  .optional()
  .nullable()
  .transform((v) => v || null);
const role = z.enum(ROLES, { message: `choose one of ${ROLES.join(", ")}` });
const userId = z.uuid({ message: "unknown user" });

export const passwordCredentialsSchema = z.object({ login, password });
export const devCredentialsSchema = z.object({ login });

export const completeSetupSchema = z.object({ secret, login, name, password });
export const acceptInvitationSchema = z.object({ secret, name, password });
export const acceptResetSchema = z.object({ secret, password });

export const inviteUserSchema = z.object({ login, role });
export const userIdSchema = z.object({ userId });
export const setUserDisabledSchema = z.object({
  userId,
  disabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const invitationIdSchema = z.object({ id: z.uuid({ message: "unknown invitation" }) });

/** Token expiry as offered in the form: a number of days, or never. */
export const TOKEN_EXPIRY_DAYS = ["7", "30", "90", "365", "never"] as const;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "give the token a name").max(100, "at most 100 characters"),
  role,
  // One ticked box arrives as a string, several as an array.
  scopes: z.preprocess(
    (v) => (typeof v === "string" ? [v] : (v ?? [])),
    z.array(z.enum(API_SCOPES, { message: `scopes are ${API_SCOPES.join(", ")}` })).min(1, "choose at least one scope"),
  ),
  expiresInDays: z.enum(TOKEN_EXPIRY_DAYS, { message: `expiry is one of ${TOKEN_EXPIRY_DAYS.join(", ")} days` }),
});

export function expiryFromDays(days: (typeof TOKEN_EXPIRY_DAYS)[number], now = new Date()): Date | null {
  return days === "never" ? null : new Date(now.getTime() + Number(days) * 86_400_000);
}
