// A two-level scorecard on components (bronze: a description; silver: a tag), for tests of the
// catalog's scorecard filter and facets.
import { parseScorecardText } from "../load-scorecards";

export const docsScorecards = parseScorecardText(
  `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: docs }
spec:
  appliesTo: { kind: component }
  levels: [bronze, silver]
  rules:
    - { id: described, level: bronze, check: { fact: entity.metadata.description, operator: exists } }
    - { id: tagged, level: silver, check: { fact: entity.metadata.tags, operator: minLength, value: 1 } }
`,
  "t.yaml",
).flatMap((s) => (s.ok ? [s.scorecard] : []));
