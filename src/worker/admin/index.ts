/**
 * The admin area at /admin: everything behind the Access guard (./access.ts), the mail
 * previews, test sends and holds here, the list's pages from ./list.ts.
 * @module
 */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../lib/app-env";
import { accessGuard } from "./access";
import { adminList } from "./list";

export const admin = new Hono<AppEnv>();

admin.use("*", accessGuard);
admin.route("/", adminList);
