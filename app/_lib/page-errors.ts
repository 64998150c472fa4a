import { notFound, redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * For pages: expected failures of a read become the page a person expects — not found (a malformed or
 * unknown id), or the forbidden page — instead of the generic error screen and a 500.
 */
export async function pageData<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error)) {
      if (error.type === "not_found" || error.type === "bad_request") notFound();
      if (error.type === "forbidden" || error.type === "unauthorized")
        redirect(`/forbidden?reason=${encodeURIComponent(error.message)}`);
    }
    throw error;
  }
}
