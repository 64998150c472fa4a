// Server render time of the pages people open most, as a signed-in admin, one request at a time.
import { formatSummary, summarise, timeMany } from "./stats";
import { httpGet } from "./http-catalog";
import type { BenchServer } from "./http-server";

/** A component with relations, and the team owning the most entities (the longest relation list). */
async function entityPaths(server: BenchServer): Promise<{ component: string; team: string }> {
  const page = JSON.parse(await httpGet(server, "/api/v1/entities?kind=component&limit=1")) as {
    items: { metadata: { name: string } }[];
  };
  const name = page.items[0]?.metadata.name;
  if (!name) throw new Error("no component to open: the import did not land");
  return { component: `/catalog/component/default/${name}`, team: "/catalog/group/default/team-0" };
}

export async function benchPages(server: BenchServer, samples = 40): Promise<void> {
  const { component, team } = await entityPaths(server);
  const pages: [string, string][] = [
    ["/catalog", "/catalog"],
    ["/catalog?q=payment (search)", "/catalog?q=payment"],
    ["/catalog filtered (facets)", "/catalog?kind=component&lifecycle=production&tag=java"],
    ["entity page (component)", component],
    ["entity page (team, many relations)", team],
    ["/environments", "/environments"],
    ["/deployments", "/deployments"],
  ];
  console.log(`pages (server render to the last byte, signed-in admin, ${samples} each):`);
  for (const [label, path] of pages) {
    await timeMany(5, () => httpGet(server, path, "session"));
    const cpuBefore = server.cpuMs();
    const samplesMs = await timeMany(samples, () => httpGet(server, path, "session"));
    const cpuPerRequest = (server.cpuMs() - cpuBefore) / samples;
    console.log(
      `${formatSummary(`  ${label}`, summarise(samplesMs))}  server CPU ${cpuPerRequest.toFixed(1)} ms/request`,
    );
  }
}
