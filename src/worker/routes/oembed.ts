/** Placeholder: routes for oembed are being built. */
import { Hono } from "hono";

export const oembed = new Hono();
