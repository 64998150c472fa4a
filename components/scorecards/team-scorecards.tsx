import Link from "next/link";
import type { TeamScorecard } from "@/lib/scorecards/queries";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import { LevelBadge, ServiceScoreCells } from "./level-badge";

/** A team's services on each scorecard: how many at each level, each service's level, what to fix first. */
export function TeamScorecards({ teamRef, scorecards }: { teamRef: string; scorecards: TeamScorecard[] }) {
  if (!scorecards.length) return null;
  return (
    <Card title="Scorecards" id="team-scorecards">
      <div className="space-y-6">
        {scorecards.map((s) => {
          const all = `/scorecards/${s.name}?team=${encodeURIComponent(teamRef)}`;
          const total = s.counts.reduce((sum, c) => sum + c.count, 0);
          return (
            <section key={s.name} aria-labelledby={`team-scorecard-${s.name}`}>
              <h3
                id={`team-scorecard-${s.name}`}
                className="mb-2 flex flex-wrap items-center gap-2 text-sm font-medium"
              >
                <Link href={all} className={linkClass}>
                  {s.title}
                </Link>
                {s.counts.map((c) => (
                  <span key={c.level ?? "none"} className="inline-flex items-center gap-1 text-xs">
                    <LevelBadge level={c.level} levels={s.levels} /> {c.count}
                  </span>
                ))}
              </h3>
              {s.fixFirst.length > 0 && (
                <div className="mb-3">
                  <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Fix first</h4>
                  <ol className="list-decimal space-y-1 pl-5 text-sm">
                    {s.fixFirst.slice(0, 5).map((r) => (
                      <li key={r.id}>
                        <span className="font-medium">{r.title}</span> ({r.level}): {r.failing} failing
                        {r.unknown > 0 && `, ${r.unknown} unknown`}
                        {r.how && (
                          <span className="block text-xs text-slate-600 dark:text-slate-400">How: {r.how}</span>
                        )}
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              <Table
                caption={
                  total > s.services.length
                    ? `${s.title}: the team's ${s.services.length} lowest-scoring services`
                    : `${s.title}: the team's services`
                }
              >
                <thead>
                  <tr>
                    <Th>Service</Th>
                    <Th>Level</Th>
                    <Th>Score</Th>
                  </tr>
                </thead>
                <tbody>
                  {s.services.map((service) => (
                    <tr key={service.entityRef}>
                      <ServiceScoreCells {...service} levels={s.levels} />
                    </tr>
                  ))}
                </tbody>
              </Table>
              {total > s.services.length && (
                <Link href={all} className={`mt-2 inline-block text-sm ${linkClass}`}>
                  All {total} services on the scorecard page
                </Link>
              )}
            </section>
          );
        })}
      </div>
    </Card>
  );
}
