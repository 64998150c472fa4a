/** How use-cases send work to the queue (lib/jobs' enqueue, or a test double). */
export type { Enqueue } from "@/lib/jobs/define-job";
