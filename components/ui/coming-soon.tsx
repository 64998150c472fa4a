import { PageHeader } from "./page-header";

type Props = { title: string; summary: string; planned: string[] };

/** An honest placeholder: what this page will do, and that it does not do it yet. */
export function ComingSoon({ title, summary, planned }: Props) {
  return (
    <div className="max-w-3xl">
      <PageHeader title={title} description={summary} />
      <section aria-labelledby="coming-soon" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
        <h2 id="coming-soon" className="text-base font-semibold">
          Coming soon
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">This part of Portolan is not built yet. When it is, you will find here:</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {planned.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
