/** Placeholder: routes for pages are being built. */
import { Hono } from "hono";

export const pages = new Hono();
