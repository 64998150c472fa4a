/** How use-cases send work to the queue (lib/jobs' enqueue, or a test double). */
export type Enqueue = (name: string, payload: unknown, options?: { singletonKey?: string }) => Promise<string | null>;
