// Framework- and database-free, so client components can format what the API returns.

/** How a stored identity (actorLabel in ./permissions.ts) reads in prose and on pages: a person by their login, anything else as stored. */
export function displayActor(label: string): string {
  return label.startsWith("user:") ? label.slice("user:".length) : label;
}
