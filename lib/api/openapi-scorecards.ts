// Scorecard paths of the OpenAPI document (docs/scorecards.md), spread into openapi.ts.
import { errors } from "./openapi-errors";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: "string" };
const nullableStr = { type: ["string", "null"] };
const query = (name: string, description: string) => ({ name, in: "query", required: false, description, schema: str });
const path = (name: string) => ({ name, in: "path", required: true, schema: str });
const problem = { type: "object", properties: { field: str, message: str } };

const ruleStatus = {
  type: "object",
  required: ["id", "level", "status", "message"],
  properties: {
    id: { type: "string", example: "has-owner" },
    level: { type: "string", example: "bronze" },
    status: { type: "string", enum: ["passed", "failed", "unknown"] },
    message: {
      type: "string",
      description:
        "Passed: the rule's title. Failed: which condition failed and what it needed. Unknown: which fact could not be read and why.",
      example: "delivery.changeFailureRate30d is 0.2; must be ≤ 0.15",
    },
  },
};

export const scorecardSchemas = {
  Scorecard: {
    type: "object",
    required: ["name", "title", "levels", "rules"],
    properties: {
      name: { type: "string", example: "production-readiness" },
      title: str,
      description: nullableStr,
      levels: { type: "array", items: str, description: "Lowest first.", example: ["bronze", "silver", "gold"] },
      rules: {
        type: "array",
        items: { type: "object", properties: { id: str, level: str, title: str, how: nullableStr } },
      },
    },
  },
  ScorecardRuleStatus: ruleStatus,
  ScorecardResult: {
    type: "object",
    required: ["entityRef", "level", "score", "rules"],
    properties: {
      entityRef: { type: "string", example: "component:default/payments" },
      title: nullableStr,
      owner: nullableStr,
      level: { ...nullableStr, description: "The highest level whose rules, and every lower level's, all passed." },
      score: { type: "number", minimum: 0, maximum: 1, description: "Share of the rules that passed." },
      rules: { type: "array", items: ref("ScorecardRuleStatus") },
      computedAt: { type: "string", format: "date-time" },
    },
  },
};

export const scorecardPaths = {
  "/api/v1/scorecards": {
    get: {
      summary: "The scorecards in force, and the broken ones (not applied) with file, field and reason.",
      responses: {
        "200": json(
          {
            type: "object",
            required: ["items", "broken"],
            properties: {
              items: { type: "array", items: ref("Scorecard") },
              broken: {
                type: "array",
                items: {
                  type: "object",
                  properties: { file: str, name: nullableStr, problems: { type: "array", items: problem } },
                },
              },
            },
          },
          "Scorecards from PORTOLAN_SCORECARDS_DIR.",
        ),
        ...errors(401, 403),
      },
    },
  },
  "/api/v1/scorecards/{name}": {
    get: {
      summary: "Each service's level, score and rule statuses on one scorecard, by entity ref.",
      parameters: [
        path("name"),
        query("owner", "An owning group ref; `team-a` means `group:default/team-a`."),
        query("level", "A level of the scorecard, or `none`."),
        query("system", "A system ref; `checkout` means `system:default/checkout`."),
        query("lifecycle", "production, experimental…"),
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
        query("cursor", "The `nextCursor` of the previous page."),
        {
          name: "format",
          in: "query",
          description: "`csv`: every matching service (no paging), a column per rule.",
          schema: { type: "string", enum: ["json", "csv"], default: "json" },
        },
      ],
      responses: {
        "200": json(
          {
            type: "object",
            required: ["name", "levels", "items", "nextCursor"],
            properties: {
              name: str,
              title: str,
              levels: { type: "array", items: str },
              items: { type: "array", items: ref("ScorecardResult") },
              nextCursor: nullableStr,
            },
          },
          "One page of results (or text/csv with format=csv).",
        ),
        ...errors(400, 401, 403, 404, 422),
      },
    },
  },
  "/api/v1/entities/{kind}/{namespace}/{name}/scorecards": {
    get: {
      summary: "Every scorecard that applies to one entity, with its level, score and rules (and how to fix each).",
      parameters: ["kind", "namespace", "name"].map(path),
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              entityRef: str,
              items: {
                type: "array",
                items: {
                  allOf: [
                    ref("Scorecard"),
                    {
                      type: "object",
                      properties: {
                        level: nullableStr,
                        score: { type: "number" },
                        computedAt: { type: "string", format: "date-time" },
                        rules: {
                          type: "array",
                          items: {
                            allOf: [
                              ref("ScorecardRuleStatus"),
                              { type: "object", properties: { title: str, how: nullableStr } },
                            ],
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          "The entity's scorecards.",
        ),
        ...errors(400, 401, 403, 404),
      },
    },
  },
};
