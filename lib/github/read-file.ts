import { RequestError, type Octokit } from "octokit";

/** The decoded text of a file on the default branch, or null when it does not exist. */
export async function readRepoFile(
  octokit: Octokit,
  owner: string,
  repo: string,
  path: string,
): Promise<string | null> {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  try {
    const { data } = await octokit.request(`GET /repos/{owner}/{repo}/contents/${encoded}`, { owner, repo });
    const file = data as { type?: string; encoding?: string; content?: string };
    if (Array.isArray(data) || file.type !== "file") return null;
    if (file.encoding === "base64" && typeof file.content === "string")
      return Buffer.from(file.content, "base64").toString("utf8");
    if (file.encoding === "none" || file.content === "")
      throw new Error(`${path} is larger than 1 MB; GitHub does not serve it through the contents API`);
    return typeof file.content === "string" ? file.content : null;
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw error;
  }
}
