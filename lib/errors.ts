// One error type for expected failures. Codes are `${type}:${surface}`; lib/http maps them to
// HTTP statuses in one place, so a use-case never thinks about responses.

export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "too_large"
  | "unavailable";

export type ErrorCode = `${ErrorType}:${string}`;

export type ErrorDetail = { field?: string; message: string; [key: string]: unknown };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }

  get type(): ErrorType {
    return this.code.split(":")[0] as ErrorType;
  }
}

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unavailable: 503,
};

export function statusOf(error: AppError): number {
  return STATUS[error.type];
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** An error's message for a log line; under drizzle's "Failed query …" (the statement), the driver's own reason. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message.split("\n")[0]} (${error.cause.message})` : error.message;
}
