// Jest in native ESM mode, TypeScript through swc (decorator metadata on), tests beside the code.
// Workspace packages resolve to their sources, so a test run needs no build; the end-to-end tests that
// run the real binary need `pnpm build` first (the README's test command does it).
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/packages"],
  testMatch: ["**/src/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  extensionsToTreatAsEsm: [".ts"],
  maxWorkers: 2,
  testTimeout: 30000,
  moduleNameMapper: {
    // A package's testing barrel (`@ayon-sg/<package>/testing`) lives in src/testing/index.ts.
    "^@ayon-sg/([^/]+)/testing$": "<rootDir>/packages/$1/src/testing/index.ts",
    "^@ayon-sg/core/service$": "<rootDir>/packages/core/src/service.ts",
    "^@ayon-sg/([^/]+)$": "<rootDir>/packages/$1/src/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: "es2022",
        },
        module: { type: "es6" },
      },
    ],
  },
};
