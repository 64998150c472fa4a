// Shapes of values on the JSON wire that differ from their shape in code. A response schema's zod
// input is what a client reads, its output what a handler passes to `reply` (lib/api/contract.ts).
import { z } from "zod";

/** A Date in code, an ISO 8601 string in JSON (what Response.json makes of a Date). */
export const isoDateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/**
 * A response body already serialised (the database built the JSON): `reply` sends the text as it is.
 * `T` is what the text decodes to, so a handler's answer is still checked against its contract.
 */
export class JsonText<T> {
  declare readonly decodesTo: T;
  constructor(readonly text: string) {}
}
