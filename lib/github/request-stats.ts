/** What one sync cost on GitHub's side, counted at the HTTP layer (retries included). */
export type RequestStats = {
  calls: number;
  notModified: number;
  /** Calls GitHub charged to the rate limit (everything but 304s). */
  charged: number;
  rateLimitRemaining: number | null;
  rateLimitReset: number | null;
};

export function newRequestStats(): RequestStats {
  return { calls: 0, notModified: 0, charged: 0, rateLimitRemaining: null, rateLimitReset: null };
}
