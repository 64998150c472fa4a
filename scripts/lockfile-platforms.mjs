// The npm registry this project installs from serves only Linux builds of platform packages, so
// `npm install` leaves the other platforms' optional packages (Next's SWC, Tailwind's oxide) out of
// package-lock.json and `npm ci` then refuses the lock file. This adds them back as optional,
// platform-restricted entries that npm skips on Linux. Run it after changing dependencies:
//   npm install <pkg> && node scripts/lockfile-platforms.mjs
import fs from "node:fs";

const OSES = ["darwin", "win32", "linux", "freebsd", "android", "openbsd", "sunos", "aix"];
const CPUS = ["arm64", "x64", "ia32", "arm", "wasm32", "s390x", "ppc64", "riscv64", "loong64"];

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;
let added = 0;
for (const [key, meta] of Object.entries(packages)) {
  if (key.split("node_modules/").length > 2) continue;
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const path = `node_modules/${dep}`;
    if (packages[path]) continue;
    const parts = dep.split("/").pop().split("-");
    const os = OSES.find((o) => parts.includes(o));
    const cpu = CPUS.find((c) => parts.includes(c));
    packages[path] = { version, optional: true, ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
    added++;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform-specific optional entries`);
