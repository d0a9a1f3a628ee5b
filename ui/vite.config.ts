import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves ui/dist over its own protocol; the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The wording catalog (locales/ at the repository's root) is imported as raw text from outside ui/.
  server: { port: 5173, strictPort: true, host: "127.0.0.1", fs: { allow: [".."] } },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // No inline eval-style code: the CSP forbids 'unsafe-eval'.
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
