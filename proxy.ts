import { NextResponse, type NextRequest } from "next/server";

function isMalformed(request: NextRequest): boolean {
  try {
    if (decodeURIComponent(request.nextUrl.pathname).includes("\u0000")) return true;
  } catch {
    return true;
  }
  for (const [key, value] of request.nextUrl.searchParams)
    if (key.includes("\u0000") || value.includes("\u0000")) return true;
  return false;
}

const MALFORMED = "The address contains a malformed %-escape or a NUL character; fix the URL.";

// Every request: a malformed address is a 400 that says so (Next would fail decoding the path
// parameters with a 500). Pages also get the requested path, so sign-in can send people back.
export function proxy(request: NextRequest) {
  if (isMalformed(request)) {
    const wantsHtml = request.headers.get("accept")?.includes("text/html");
    return wantsHtml
      ? new NextResponse(`Bad request: ${MALFORMED}\n`, {
          status: 400,
          headers: { "content-type": "text/plain; charset=utf-8" },
        })
      : NextResponse.json({ error: { code: "bad_request:url", message: MALFORMED, details: [] } }, { status: 400 });
  }
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set("x-portolan-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|favicon.ico).*)"] };
