import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/**/*.test.ts"], globalSetup: ["../../tools/test-support/private-tmpdir.ts"], testTimeout: 120_000, passWithNoTests: false } });
