import type { RouteContract } from "@/lib/api/contract";
import { adminRoutes } from "./admin";
import { catalogRoutes } from "./catalog";
import { deliveryRoutes } from "./delivery";
import { publicRoutes } from "./public";
import { notificationRoutes, releaseActionRoutes } from "./release-actions";
import { selfServiceRoutes } from "./self-service";

export {
  adminRoutes,
  catalogRoutes,
  deliveryRoutes,
  publicRoutes,
  notificationRoutes,
  releaseActionRoutes,
  selfServiceRoutes,
};

/** Every HTTP entry point but next-auth's own (/api/auth/*). */
export const API_ROUTES: RouteContract[] = [
  ...Object.values(publicRoutes),
  ...Object.values(catalogRoutes),
  ...Object.values(deliveryRoutes),
  ...Object.values(selfServiceRoutes),
  ...Object.values(adminRoutes),
  ...Object.values(releaseActionRoutes),
  ...Object.values(notificationRoutes),
];
