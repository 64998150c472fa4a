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

const initiative = {
  type: "object",
  required: ["id", "name", "scorecard", "owner", "deadline"],
  properties: {
    id: { type: "string", format: "uuid" },
    name: str,
    description: nullableStr,
    scorecard: str,
    targetLevel: { ...nullableStr, description: "The level to reach; null when the target is targetRules." },
    targetRules: { type: "array", items: str },
    selection: {
      type: "object",
      description: "Which of the scorecard's services it covers (all when empty).",
      properties: {
        owners: { type: "array", items: str },
        systems: { type: "array", items: str },
        lifecycles: { type: "array", items: str },
        refs: { type: "array", items: str },
      },
    },
    owner: { type: "string", example: "group:default/platform" },
    deadline: { type: "string", format: "date-time" },
    createdBy: str,
    createdAt: { type: "string", format: "date-time" },
  },
};

export const scorecardSchemas = {
  Initiative: initiative,
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
  "/api/v1/initiatives": {
    get: {
      summary: "Initiatives, deadline first, each with progress { total, done }.",
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              items: {
                type: "array",
                items: {
                  allOf: [
                    ref("Initiative"),
                    {
                      type: "object",
                      properties: {
                        progress: {
                          type: "object",
                          properties: { total: { type: "integer" }, done: { type: "integer" } },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          "Every initiative.",
        ),
        ...errors(401, 403),
      },
    },
    post: {
      summary:
        "Start an initiative (admins): a scorecard level or rules, a set of services, an owning group, a deadline.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["name", "scorecard", "owner", "deadline"],
              additionalProperties: false,
              description: "Exactly one of `level` and `rules`.",
              properties: {
                name: { type: "string", maxLength: 120 },
                description: { type: "string", maxLength: 2000 },
                scorecard: str,
                level: str,
                rules: { type: "array", items: str },
                services: {
                  type: "object",
                  additionalProperties: false,
                  properties: {
                    owners: { type: "array", items: str },
                    systems: { type: "array", items: str },
                    lifecycles: { type: "array", items: str },
                    refs: { type: "array", items: str },
                  },
                },
                owner: { type: "string", description: "A group ref; `platform` means `group:default/platform`." },
                deadline: { type: "string", description: "ISO date or date-time, in the future." },
              },
            },
          },
        },
      },
      responses: { "201": json(ref("Initiative"), "The initiative."), ...errors(400, 401, 403) },
    },
  },
  "/api/v1/initiatives/{id}": {
    get: {
      summary:
        "One initiative: progress now, per team (behind when its share done trails the time gone), and day by day.",
      parameters: [path("id")],
      responses: {
        "200": json(
          {
            allOf: [
              ref("Initiative"),
              {
                type: "object",
                properties: {
                  progress: {
                    type: "object",
                    properties: {
                      total: { type: "integer" },
                      done: { type: "integer" },
                      elapsed: { type: "number", description: "Share of the time to the deadline gone, 0..1." },
                      daysLeft: { type: "integer" },
                      teams: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: {
                            owner: nullableStr,
                            total: { type: "integer" },
                            done: { type: "integer" },
                            behind: { type: "boolean" },
                          },
                        },
                      },
                      remaining: {
                        type: "array",
                        items: { type: "object", properties: { entityRef: str, owner: nullableStr } },
                      },
                      burnUp: {
                        type: "array",
                        items: { type: "object", properties: { date: str, done: { type: "integer" } } },
                      },
                    },
                  },
                },
              },
            ],
          },
          "The initiative and its progress.",
        ),
        ...errors(400, 401, 403, 404),
      },
    },
  },
};
