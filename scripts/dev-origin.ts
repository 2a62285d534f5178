/** The origin `wrangler dev` serves for `npm start`'s arguments, so mail sent by the cron links to it; and the workers it serves. */

/**
 * The workers `npm start` and the end-to-end tests serve in one `wrangler dev`, the public one
 * first (it gets the port): the reader, then the app and fediverse workers behind its service bindings.
 */
export const DEV_CONFIGS = ["src/worker/reader.wrangler.toml", "wrangler.toml", "src/fediverse/wrangler.toml"] as const;

/** The value of `--name value` or `--name=value` among `args`, if given. */
function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === name) return args[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The origin mail sent by the cron must link to: the one the arguments set themselves
 * (`--var PUBLIC_ORIGIN:…`), else the address wrangler dev really listens on (`--ip`, `--port`,
 * http or `--local-protocol https`).
 */
export function publicOrigin(args: readonly string[]): string {
  // Every --var's NAME:value (there may be several), then the first that names PUBLIC_ORIGIN.
  const own = args
    .map((a, i) => (a.startsWith("--var=") ? a.slice("--var=".length) : args[i - 1] === "--var" ? a : ""))
    .find((v) => v.startsWith("PUBLIC_ORIGIN:"));
  if (own !== undefined) return own.slice("PUBLIC_ORIGIN:".length);
  const ip = option(args, "--ip") ?? "127.0.0.1";
  const host = ip.includes(":") ? `[${ip}]` : ip === "0.0.0.0" ? "127.0.0.1" : ip;
  const port = option(args, "--port") ?? "8787";
  const protocol = option(args, "--local-protocol") === "https" ? "https" : "http";
  return `${protocol}://${host}:${port}`;
}
