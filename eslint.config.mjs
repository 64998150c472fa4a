// Lint for the whole tree. The layer rules below encode docs/ARCHITECTURE.md: lib/ is the product and
// runs without Next; components/ render; db/ is below lib/. Import cycles are checked by
// lib/architecture.test.ts (files and lib domains).
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";

const noApp = { group: ["@/app/*", "@/app"], message: "app/ is routing; lower layers must not import it." };
const noComponents = { group: ["@/components/*"], message: "components/ render; lib/ must not import them." };
const noNext = {
  group: ["next", "next/*", "@next/*"],
  message: "lib/ runs without Next.js: take what you need as arguments.",
};
const noServer = {
  group: ["@/lib/server/*"],
  message:
    "lib/server is the composition root (the process database, the queue); domains take `db` and `enqueue` as arguments.",
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      ".data*/**",
      "next-env.d.ts",
      "coverage/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
    settings: { next: { rootDir: "." } },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/server/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp, noComponents, noNext, noServer] }] },
  },
  // "May they act on this?" is a permission (lib/access/permissions.ts), never a role compared by hand.
  {
    files: ["lib/**/*.ts", "app/**/*.{ts,tsx}"],
    ignores: ["lib/access/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "BinaryExpression:has(> MemberExpression[property.name='role'][object.name=/^actor$/]):has(> Literal)",
          message:
            "Ask can(actor, permission) or isOwnerOrCan(...) (lib/access/permissions.ts) instead of comparing a role.",
        },
      ],
    },
  },
  // The composition root, and tests (which may start the whole queue), may import every domain.
  {
    files: ["lib/server/**/*.ts", "lib/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp, noComponents, noNext] }] },
  },
  // components/ render what pages read: no database, not even its type, so none takes `db` as a prop.
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noApp,
            {
              group: ["@/db/client", "@/lib/server/*"],
              message: "components/ render; the page reads the data (through lib/) and passes it in.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noApp,
            noComponents,
            { group: ["@/lib/*"], message: "db/ is below lib/: the schema, migrations and client import no domain." },
          ],
        },
      ],
    },
  },
  prettier,
);
