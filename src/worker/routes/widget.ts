/** Placeholder: routes for widget are being built. */
import { Hono } from "hono";

export const widget = new Hono();
