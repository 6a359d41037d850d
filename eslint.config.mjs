// Type-aware lint for the TypeScript sources and tests (`npm run lint`, part of `npm run pretest`).
// Only rules that find real bugs: promises nobody awaits or handles, promises passed where a void
// callback is expected, and switches that miss a member of a union.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "server/out/**",
      "client/out/**",
      "samples/**",
      "test/fixtures/**",
      "test/oracle/corpus/**",
      "test/fix-oracle/corpus/**",
      ".e2e-cache/**",
      ".stryker-tmp/**",
      "reports/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    // Directives for rules this config does not enable are left alone.
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
);
