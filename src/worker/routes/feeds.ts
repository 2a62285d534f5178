/** Placeholder: routes for feeds are being built. */
import { Hono } from "hono";

export const feeds = new Hono();
