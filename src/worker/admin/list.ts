/** The subscriber list's admin pages (report, export, import): mounted by ./index.ts at /admin. */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../lib/app-env";

export const adminList = new Hono<AppEnv>();
