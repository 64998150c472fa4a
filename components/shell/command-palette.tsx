"use client";
import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { hrefForRef } from "@/components/catalog/entity-href";
import { apiJson } from "@/components/self-service/api";
import type { AvailableAction } from "@/lib/release-actions/list-actions";
import { actionRunBody } from "@/lib/release-actions/run-body";
import type { NavItem } from "./nav-items";

type Found = { ref: string; kind: string; metadata: { name: string; title?: string } };

const ITEM =
  "flex cursor-pointer items-center justify-between gap-2 rounded px-2 py-1.5 text-sm text-slate-800 aria-selected:bg-brand-50 aria-selected:text-brand-700 dark:text-slate-100 dark:aria-selected:bg-brand-700/25";
const GROUP =
  "px-1 py-1 text-xs font-medium text-slate-500 [&_[cmdk-group-heading]]:px-1 [&_[cmdk-group-heading]]:py-1";

/** The entity page the browser is on (`/catalog/kind/ns/name`), as a path for the actions API. */
function entityOnPage(pathname: string): string | null {
  const match = /^\/catalog\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(pathname);
  return match ? `${match[1]}/${match[2]}/${match[3]}` : null;
}

/** ⌘K / Ctrl-K: jump to any entity, team, template or page, and run a release action on the entity you are on. */
export function CommandPalette({ pages }: { pages: NavItem[] }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const pathname = usePathname() ?? "/";
  const entity = entityOnPage(pathname);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const term = search.trim();
  const entities = useQuery({
    queryKey: ["palette-entities", term],
    enabled: open && term.length > 0,
    queryFn: async ({ signal }) =>
      (
        await apiJson<{ items: Found[] }>(`/api/v1/entities?${new URLSearchParams({ q: term, limit: "12" })}`, {
          signal,
        })
      ).items,
  });
  const templates = useQuery({
    queryKey: ["palette-templates"],
    enabled: open,
    queryFn: async ({ signal }) =>
      (await apiJson<{ items: { name: string; title: string }[] }>("/api/v1/templates", { signal })).items,
  });
  const actions = useQuery({
    queryKey: ["palette-actions", entity],
    enabled: open && entity !== null,
    queryFn: async ({ signal }) =>
      (await apiJson<{ items: AvailableAction[] }>(`/api/v1/entities/${entity}/actions`, { signal })).items,
  });

  const go = (href: string) => {
    setOpen(false);
    setSearch("");
    router.push(href);
  };
  const run = async (action: AvailableAction) => {
    setError(null);
    try {
      const created = await apiJson<{ id: string }>("/api/v1/runs", {
        method: "POST",
        body: JSON.stringify(actionRunBody(action)),
      });
      go(`/runs/${created.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="hidden rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-500 hover:bg-slate-100 lg:inline-flex dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800"
      >
        Search or run… <kbd className="ml-2 font-sans">Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Command palette"
        shouldFilter={false}
        overlayClassName="fixed inset-0 z-40 bg-slate-900/30"
        contentClassName="fixed left-1/2 top-24 z-50 w-[min(36rem,92vw)] -translate-x-1/2 rounded-lg border border-slate-200 bg-white p-2 shadow-xl dark:border-slate-800 dark:bg-slate-900"
      >
        <Command.Input
          value={search}
          onValueChange={setSearch}
          placeholder="Jump to an entity, team, template or page…"
          className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        />
        {error && (
          <p role="alert" className="px-2 pt-2 text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
        <Command.List className="mt-2 max-h-96 overflow-auto">
          <Command.Empty className="px-2 py-2 text-sm text-slate-500">Nothing matches.</Command.Empty>
          {(actions.data ?? []).length > 0 && (
            <Command.Group heading="Actions on this service" className={GROUP}>
              {(actions.data ?? [])
                .filter((a) => a.title.toLowerCase().includes(term.toLowerCase()))
                .map((a) => (
                  <Command.Item
                    key={`${a.template}-${a.target.environment}-${a.target.version}`}
                    value={`action ${a.title}`}
                    onSelect={() => run(a)}
                    className={ITEM}
                  >
                    {a.title}
                  </Command.Item>
                ))}
            </Command.Group>
          )}
          {(entities.data ?? []).length > 0 && (
            <Command.Group heading="Catalog" className={GROUP}>
              {(entities.data ?? []).map((e) => (
                <Command.Item key={e.ref} value={e.ref} onSelect={() => go(hrefForRef(e.ref))} className={ITEM}>
                  <span>{e.metadata.title ?? e.metadata.name}</span>
                  <span className="text-xs text-slate-500">{e.kind.toLowerCase() === "group" ? "team" : e.kind}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          <Command.Group heading="Templates" className={GROUP}>
            {(templates.data ?? [])
              .filter((t) => `${t.title} ${t.name}`.toLowerCase().includes(term.toLowerCase()))
              .slice(0, 6)
              .map((t) => (
                <Command.Item
                  key={t.name}
                  value={`template ${t.name}`}
                  onSelect={() => go(`/self-service/${encodeURIComponent(t.name)}`)}
                  className={ITEM}
                >
                  {t.title}
                  <span className="text-xs text-slate-500">template</span>
                </Command.Item>
              ))}
          </Command.Group>
          <Command.Group heading="Pages" className={GROUP}>
            {[...pages, { href: "/inbox", label: "Inbox" }]
              .filter((p) => p.label.toLowerCase().includes(term.toLowerCase()))
              .map((p) => (
                <Command.Item key={p.href} value={`page ${p.href}`} onSelect={() => go(p.href)} className={ITEM}>
                  {p.label}
                </Command.Item>
              ))}
          </Command.Group>
        </Command.List>
      </Command.Dialog>
    </>
  );
}
