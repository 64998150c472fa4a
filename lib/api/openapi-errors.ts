// Shared pieces of the OpenAPI document: the error body and the error responses.

export const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", example: "bad_request:catalog" },
        message: { type: "string" },
        details: {
          type: "array",
          items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: STATUS_TEXT[c],
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );

const STATUS_TEXT: Record<number, string> = {
  400: "The request is malformed; the message says which field to fix.",
  401: "No valid session or bearer token.",
  403: "Your role does not allow this.",
  404: "Not found.",
  409: "Conflicts with the current state.",
  422: "Nothing in the body could be used (or, for runs, the parameters do not fit the template: one detail per field).",
  503: "A service this needs is not configured or not reachable; the message says which.",
};
