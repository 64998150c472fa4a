// GET /api/v1/openapi.json — the API's OpenAPI document
import { withApi } from "@/app/api/_lib/with-api";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = withApi("catalog:read", async () => Response.json(openApiDocument));
