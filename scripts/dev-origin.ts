/** The origin `wrangler dev` serves for `npm start`'s arguments, so mail sent by the cron links to it. */

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
 * The `--var PUBLIC_ORIGIN:…` to add to `wrangler dev`'s arguments: the address it really
 * listens on (`--ip`, `--port`, http or `--local-protocol https`), or nothing when the
 * arguments already set PUBLIC_ORIGIN themselves.
 */
export function publicOriginArgs(args: readonly string[]): string[] {
  if (args.some((a, i) => a.startsWith("PUBLIC_ORIGIN:") && args[i - 1] === "--var")) return [];
  if (args.some((a) => a.startsWith("--var=PUBLIC_ORIGIN:"))) return [];
  const ip = option(args, "--ip") ?? "127.0.0.1";
  const host = ip.includes(":") ? `[${ip}]` : ip === "0.0.0.0" ? "127.0.0.1" : ip;
  const port = option(args, "--port") ?? "8787";
  const protocol = option(args, "--local-protocol") === "https" ? "https" : "http";
  return ["--var", `PUBLIC_ORIGIN:${protocol}://${host}:${port}`];
}
