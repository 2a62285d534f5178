/** `npm run deploy` refuses a publication without base_url: a deployed worker never takes its URLs from a request's Host. */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { contentDir, PUBLICATION } from "./support/content-dir";

const TSX = resolve("node_modules/tsx/dist/cli.mjs");
const SCRIPT = resolve("scripts/deploy-check.ts");

async function deployCheck(content: string, cwd?: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, SCRIPT, "--content", content], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

describe("the deploy check", () => {
  it("refuses a publication without base_url, and says what to set", async () => {
    const dir = await contentDir();
    const { code, output } = await deployCheck(dir.content);
    expect(code).toBe(1);
    expect(output).toContain("deploy refused: content/publication.yaml has no base_url");
  });

  it("lets a publication with base_url deploy", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", `${PUBLICATION}base_url: https://news.example.org\n`);
    const { code, output } = await deployCheck(dir.content);
    expect(output).toContain("deploying for https://news.example.org");
    expect(code).toBe(0);
  });

  it("refuses content that does not build", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", "title: [\n");
    const { code, output } = await deployCheck(dir.content);
    expect(code).toBe(1);
    expect(output).toContain("the content does not build");
  });

  it("refuses a wrangler.toml that opens /admin without Cloudflare Access", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", `${PUBLICATION}base_url: https://news.example.org\n`);
    const toml = await readFile("wrangler.toml", "utf8");
    await writeFile(join(dir.root, "wrangler.toml"), toml.replace("[vars]\n", '[vars]\nADMIN_LOCAL = "1"\n'));
    const { code, output } = await deployCheck(dir.content, dir.root);
    expect(code).toBe(1);
    expect(output).toContain("deploy refused: wrangler.toml sets ADMIN_LOCAL");
  });

  it("refuses a fediverse worker config that lets it fetch from private addresses", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", `${PUBLICATION}base_url: https://news.example.org\n`);
    await writeFile(join(dir.root, "wrangler.toml"), await readFile("wrangler.toml", "utf8"));
    const fediverse = await readFile("src/fediverse/wrangler.toml", "utf8");
    expect(fediverse).toMatch(/^FEDIVERSE_LOCAL = ""$/m);
    await mkdir(join(dir.root, "src/fediverse"), { recursive: true });
    await writeFile(join(dir.root, "src/fediverse/wrangler.toml"), fediverse.replace('FEDIVERSE_LOCAL = ""', 'FEDIVERSE_LOCAL = "1"'));
    const { code, output } = await deployCheck(dir.content, dir.root);
    expect(code).toBe(1);
    expect(output).toContain("deploy refused: src/fediverse/wrangler.toml sets FEDIVERSE_LOCAL");
  });
});
