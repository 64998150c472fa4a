import { NextResponse, type NextRequest } from "next/server";

function isMalformed(request: NextRequest): boolean {
  try {
    if (decodeURIComponent(request.nextUrl.pathname).includes("\u0000")) return true;
  } catch {
    return true;
  }
  for (const [key, value] of request.nextUrl.searchParams) if (key.includes("\u0000") || value.includes("\u0000")) return true;
  return false;
}

// Pages: a malformed address is a 400 that says so, never a 500 from deeper down; and the requested
// path is passed to server components, so sign-in can send people back where they were.
export function proxy(request: NextRequest) {
  if (isMalformed(request)) {
    return new NextResponse("Bad request: the address contains a malformed escape or a NUL character.\n", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const headers = new Headers(request.headers);
  headers.set("x-portolan-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
