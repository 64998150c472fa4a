export * from "./catalog";
export * from "./auth";
export * from "./github";
export * from "./provisioning";
export * from "./delivery";
export * from "./release-actions";
export * from "./notifications";
