import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** A dense, scrollable data table; `caption` names it for screen readers. */
export function Table({
  caption,
  children,
  captionVisible = false,
}: {
  caption: string;
  children: ReactNode;
  captionVisible?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full border-collapse text-left text-sm">
        <caption className={captionVisible ? "px-3 py-2 text-left text-sm font-medium" : "sr-only"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={`border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400 ${className}`}
      {...props}
    />
  );
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td className={`border-b border-slate-100 px-3 py-2 align-top dark:border-slate-800 ${className}`} {...props} />
  );
}

/**
 * A Table of `items` under one header row (`columns`, in order), one `row` each; none: the line
 * `empty` instead of an empty table.
 */
export function DataTable<T>({
  caption,
  columns,
  items,
  empty,
  row,
}: {
  caption: string;
  columns: ReactNode[];
  items: readonly T[];
  empty: ReactNode;
  row: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <Th key={i}>{column}</Th>
          ))}
        </tr>
      </thead>
      <tbody>{items.map(row)}</tbody>
    </Table>
  );
}

/** A header for a column of buttons: named for screen readers only. */
export const actionsColumn = (name = "Actions") => <span className="sr-only">{name}</span>;
