import Link from "next/link";
import type { ResultItem, ScorecardSummary } from "@/lib/scorecards/responses";
import { linkClass } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { hrefForRef } from "@/components/catalog/entity-href";
import { LevelBadge, StatusMark } from "./level-badge";

/** Services × rules: a coloured mark per rule (its message on hover), rules in level order. */
export function ScorecardHeatmap({ scorecard, items }: { scorecard: ScorecardSummary; items: ResultItem[] }) {
  const rules = [...scorecard.rules].sort(
    (a, b) => scorecard.levels.indexOf(a.level) - scorecard.levels.indexOf(b.level),
  );
  const passRate = (id: string) => {
    const passed = items.filter((i) => i.rules.find((r) => r.id === id)?.status === "passed").length;
    return items.length ? Math.round((passed / items.length) * 100) : 0;
  };
  return (
    <Table caption={`${scorecard.title}: services × rules`}>
      <thead>
        <tr>
          <Th>Service</Th>
          <Th>Level</Th>
          <Th>Score</Th>
          {rules.map((r) => (
            <Th key={r.id} title={`${r.title} (${r.level})${r.how ? ` — ${r.how}` : ""}`} className="text-center">
              <span className="block normal-case">{r.id}</span>
              <span className="block font-normal">{r.level}</span>
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.entityRef} data-testid="scorecard-row">
            <Td>
              <Link href={hrefForRef(item.entityRef)} className={linkClass}>
                {item.title ?? item.entityRef}
              </Link>
            </Td>
            <Td>
              <LevelBadge level={item.level} levels={scorecard.levels} />
            </Td>
            <Td>{Math.round(item.score * 100)}%</Td>
            {rules.map((r) => {
              const outcome = item.rules.find((o) => o.id === r.id);
              return (
                <Td key={r.id} className="text-center">
                  {outcome ? <StatusMark status={outcome.status} message={outcome.message} /> : "–"}
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <Td className="text-xs text-slate-500" colSpan={3}>
            Passed on this page
          </Td>
          {rules.map((r) => (
            <Td key={r.id} className="text-center text-xs text-slate-500">
              {passRate(r.id)}%
            </Td>
          ))}
        </tr>
      </tfoot>
    </Table>
  );
}
