import { DataDirLockedError } from "@/db/lock";
import { isAppError } from "@/lib/errors";
import { SettingError } from "@/lib/runtime/settings";

/** Runs a CLI body: expected failures print one clear line, never a stack trace. */
export async function runCli(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof SettingError || isAppError(error)) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 3;
    }
  }
}
