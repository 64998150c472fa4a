import { openDatabase } from "./db/client";
import { listEntities, countEntities } from "./lib/catalog/queries";
import { entityQuerySchema } from "./lib/catalog/schemas";
const database = await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/pbk" });
for (const q of ["pay", "booking", "ledger serv", "fraud", "inv", "checkout web", "tier", "kafka", "refund-worker", "region 4", "p"]) {
  const query = entityQuerySchema.parse({ q });
  for (let i = 0; i < 5; i++) await listEntities(database.db, query);
  const t = performance.now();
  for (let i = 0; i < 20; i++) await listEntities(database.db, query);
  console.log(q.padEnd(15), ((performance.now() - t) / 20).toFixed(2), "ms", await countEntities(database.db, query), "matches");
}
await database.close();
