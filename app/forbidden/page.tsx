import Link from "next/link";

type Props = { searchParams: Promise<{ need?: string; reason?: string }> };

export default async function Forbidden({ searchParams }: Props) {
  const { need, reason } = await searchParams;
  return (
    <main className="mx-auto max-w-lg p-10">
      <h1 className="text-2xl font-semibold">You may not open this page</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        {reason ? (
          reason.slice(0, 300)
        ) : (
          <>
            It needs the permission <code>{need ?? "unknown"}</code>. Ask an admin to change your role under Admin →
            Users.
          </>
        )}
      </p>
      <Link href="/catalog" className="mt-4 inline-block text-brand-600 underline">
        Back to the catalog
      </Link>
    </main>
  );
}
