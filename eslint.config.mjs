import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "src/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // One validated env module reads process.env; everything else imports it.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through src/server/env.ts." }],
    },
  },
  {
    // Layer rule: services, adapters and lib never import from the routing layer or UI.
    files: ["src/server/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*"], message: "Lower layers never import app/ or components/." }] }],
    },
  },
  {
    // Adapters and lib are framework-free: they never reach into the server layer (Prisma, env, services).
    files: ["src/adapters/**", "src/lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*", "@/server/*"], message: "src/lib and src/adapters are framework-free: no app/, components/ or server/ imports." }] },
      ],
    },
  },
  {
    files: ["src/server/env.ts", "src/lib/logger.ts", "src/instrumentation.ts", "tests/**", "scripts/**", "prisma/**", "bench/**", "*.config.*"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
