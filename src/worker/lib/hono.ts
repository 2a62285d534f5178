/**
 * The Hono every surface is built with: Hono's base with its LinearRouter, whose `add` only
 * records a route. PatternRouter (hono/tiny) compiles a RegExp for each route when it is
 * added, and each surface's routes are added twice (to its own app, then to the worker's):
 * work every start-up paid. Matching costs more per routed request instead, but a repeated
 * GET never reaches the router (`readyResponse` in respond.ts).
 * @module
 */
import { HonoBase, type HonoOptions } from "hono/hono-base";
import { LinearRouter } from "hono/router/linear-router";
import type { BlankEnv, BlankSchema, Env, Schema } from "hono/types";

export class Hono<E extends Env = BlankEnv, S extends Schema = BlankSchema, BasePath extends string = "/"> extends HonoBase<
  E,
  S,
  BasePath
> {
  constructor(options: HonoOptions<E> = {}) {
    super(options);
    this.router = new LinearRouter();
  }
}

export { LinearRouter };
