import type { ResultItem, ScorecardSummary } from "@/lib/scorecards/responses";
import { Table, Td, Th } from "@/components/ui/table";
import { ServiceScoreCells, type RuleStatus } from "./level-badge";

// A page holds rows × rules cells, each sent twice (HTML and the RSC payload): one short class per
// status (app/globals.css draws the mark), the status as the cell's text for screen readers, and the
// message as a tooltip only where it explains something (failed, unknown).
const CELL: Record<RuleStatus, string> = { passed: "hm-p", failed: "hm-f", unknown: "hm-u" };

/** Services × rules: a coloured mark per rule (a failed or unknown rule's message on hover), rules in level order. */
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
        {items.map((item) => {
          const outcomes = new Map(item.rules.map((o) => [o.id, o]));
          return (
            <tr key={item.entityRef} data-testid="scorecard-row">
              <ServiceScoreCells {...item} levels={scorecard.levels} />
              {rules.map((r) => {
                const outcome = outcomes.get(r.id);
                if (!outcome)
                  return (
                    <td key={r.id} className="hm-n">
                      –
                    </td>
                  );
                return (
                  <td
                    key={r.id}
                    className={CELL[outcome.status]}
                    title={outcome.status === "passed" ? undefined : outcome.message}
                  >
                    {outcome.status}
                  </td>
                );
              })}
            </tr>
          );
        })}
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
