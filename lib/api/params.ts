import { z } from "zod";

/** Path parameters shared by several routes; a malformed one is a 400 that names it, never a database error. */
export const uuid = (what: string) =>
  z.uuid({ message: `${what} must be a UUID (like 3f1c2b7e-0c4d-4a8e-9b1a-2d5e6f708192)` });

export const idParams = (what: string) => z.object({ id: uuid(`the ${what} id`) });

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export const entityParams = z.object({
  kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, "kind is a word like component, api or group"),
  namespace: z.string().regex(NAME, "namespace is 1-63 letters, digits, '.', '_' or '-'"),
  name: z
    .string()
    .regex(NAME, "name is 1-63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit"),
});

export const loginParams = z.object({
  login: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "a login is 1-63 letters, digits, dots, dashes or underscores"),
});
