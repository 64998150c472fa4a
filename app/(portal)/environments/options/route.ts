// GET /environments/options — teams or systems matching the typed text, for the environments page's filter pickers
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { pickerOptions } from "@/lib/catalog/picker-options";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.environmentsFilterOptions, async ({ query, db, actor, reply }) =>
  reply(200, { items: await pickerOptions(db, actor, query) }),
);
