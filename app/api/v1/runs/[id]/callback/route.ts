// POST /api/v1/runs/{id}/callback — an external API reports back to an http:request step (per-run token, no session)
import { errorResponse } from "@/lib/http/error-response";
import { receiveCallback } from "@/lib/provisioning/callbacks";
import { getDb } from "@/lib/runtime/database";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const token = bearer ?? request.headers.get("x-portolan-callback-token");
    const text = await request.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : {};
    } catch {
      return Response.json({ error: { code: "bad_request:callback", message: "The callback body must be JSON.", details: [] } }, { status: 400 });
    }
    await receiveCallback(await getDb(), id, token ?? null, payload);
    return Response.json({ id, received: true }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
