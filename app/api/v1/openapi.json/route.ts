// GET /api/v1/openapi.json — the API's OpenAPI document
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = withApi(adminRoutes.openApi, async ({ reply }) => reply(200, openApiDocument));
