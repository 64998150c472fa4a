import { NextResponse, type NextRequest } from "next/server";

// Passes the requested path to server components, so sign-in can send people back where they were.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-portolan-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next|favicon.ico).*)"] };
