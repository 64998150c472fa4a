// Webhook deliveries for tests: who sent them (the fixture's beacon-api) and a signed request.
import { signWebhook } from "./fake-github-server";

/** `repository` and `organization` of a delivery about lighthouse-labs/beacon-api (fixture-org.ts). */
export const BEACON_SENDER = {
  repository: {
    id: 101,
    name: "beacon-api",
    full_name: "lighthouse-labs/beacon-api",
    owner: { login: "lighthouse-labs" },
    default_branch: "main",
  },
  organization: { login: "lighthouse-labs" },
};

/** A delivery as GitHub sends it, signed with the tests' secret. */
export function signedRequest(event: string, delivery: string, payload: unknown, secret = "s3cret") {
  const body = JSON.stringify(payload);
  const headers = new Headers({
    "x-github-event": event,
    "x-github-delivery": delivery,
    "content-type": "application/json",
  });
  headers.set("x-hub-signature-256", signWebhook(secret, body));
  return { headers, body };
}
