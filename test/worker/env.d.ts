/** Bindings only the workers tests have (vitest.config.ts). */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

/** Vite's `?raw` import: a file's text (the storage test reads the SQL module's source). */
declare module "*?raw" {
  const text: string;
  export default text;
}
