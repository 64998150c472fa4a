import { NextResponse, type NextRequest } from "next/server";
import { MALFORMED_URL_MESSAGE, isMalformedUrl, malformedUrlJson } from "./scripts/serve-options.mjs";

// Pages: a malformed address is a 400 that says so (Next would fail decoding the path parameters
// with a 500), and the requested path is passed on, so sign-in can send people back. /api/ routes
// do not come here: scripts/serve.mjs answers their malformed addresses before Next (running the
// proxy cost an API request about as much CPU as the route itself, issue 11).
export function proxy(request: NextRequest) {
  if (isMalformedUrl(request.nextUrl.pathname + request.nextUrl.search)) {
    const wantsHtml = request.headers.get("accept")?.includes("text/html");
    return wantsHtml
      ? new NextResponse(`Bad request: ${MALFORMED_URL_MESSAGE}\n`, {
          status: 400,
          headers: { "content-type": "text/plain; charset=utf-8" },
        })
      : new NextResponse(malformedUrlJson(), { status: 400, headers: { "content-type": "application/json" } });
  }
  const headers = new Headers(request.headers);
  headers.set("x-portolan-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };
