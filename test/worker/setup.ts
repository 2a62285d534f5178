/** Before every workers test file: the D1 schema of migrations/, applied to the local database (idempotent). */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
