/** Placeholder: routes for embed are being built. */
import { Hono } from "hono";

export const embed = new Hono();
