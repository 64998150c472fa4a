import type { RouteContract } from "@/lib/api/contract";
import { adminRoutes } from "./admin";
import { catalogRoutes } from "./catalog";
import { deliveryRoutes } from "./delivery";
import { incidentRoutes } from "./incidents";
import { publicRoutes } from "./public";
import { notificationRoutes, releaseActionRoutes } from "./release-actions";
import { scorecardRoutes } from "./scorecards";
import { selfServiceRoutes } from "./self-service";

export {
  adminRoutes,
  catalogRoutes,
  deliveryRoutes,
  incidentRoutes,
  notificationRoutes,
  publicRoutes,
  releaseActionRoutes,
  scorecardRoutes,
  selfServiceRoutes,
};

/**
 * The contracts by area: the area is the OpenAPI tag, the key the operationId. A new area is one
 * line here; API_ROUTES and the document follow.
 */
export const ROUTE_GROUPS: Record<string, Record<string, RouteContract>> = {
  public: publicRoutes,
  catalog: catalogRoutes,
  delivery: deliveryRoutes,
  incidents: incidentRoutes,
  scorecards: scorecardRoutes,
  "self-service": selfServiceRoutes,
  "release-actions": releaseActionRoutes,
  notifications: notificationRoutes,
  admin: adminRoutes,
};

/** Every HTTP entry point but next-auth's own (/api/auth/*). */
export const API_ROUTES: RouteContract[] = Object.values(ROUTE_GROUPS).flatMap((group) => Object.values(group));
