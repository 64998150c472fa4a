import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Release notes as written on GitHub, safely: raw HTML is not parsed (react-markdown's default) and
 * the tree is sanitised with GitHub's own allow-list, so a <script> or an onerror never reaches the page.
 */
export function ReleaseNotes({ markdown }: { markdown: string | null }) {
  if (!markdown?.trim()) return <p className="text-sm text-slate-500 dark:text-slate-400">No release notes.</p>;
  return (
    <div className="release-notes space-y-2 text-sm text-slate-800 dark:text-slate-200 [&_a]:text-brand-700 [&_a]:underline dark:[&_a]:text-brand-100 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 dark:[&_code]:bg-slate-800 [&_h2]:mt-3 [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ul]:list-disc [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 dark:[&_blockquote]:border-slate-700 [&_table]:text-xs [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 dark:[&_td]:border-slate-700 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2 dark:[&_th]:border-slate-700">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
