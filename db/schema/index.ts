export * from "./catalog";
export * from "./auth";
