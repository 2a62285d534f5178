/**
 * The site icon, drawn once as shapes: a list of three key facts (bullet and line) on the
 * pages' accent colour. `iconSvg` writes it as SVG; `iconPng` rasterises the same shapes
 * (4×4 samples a pixel) into a PNG for browsers without SVG icons and for `apple-touch-icon`.
 * @module
 */
import { crc32, deflateSync } from "node:zlib";

type Shape =
  | { kind: "rect"; x: number; y: number; w: number; h: number; r: number; fill: string }
  | { kind: "circle"; cx: number; cy: number; r: number; fill: string };

/** The design on a 32-unit square: the accent of src/worker/pages/styles.css, and white. */
const SIZE = 32;
const ACCENT = "#0b5394";
const INK = "#ffffff";
const rows = [9.5, 16, 22.5];

function shapes(opaque: boolean): Shape[] {
  // An apple-touch-icon must be opaque and square: iOS rounds its corners itself.
  const ground: Shape = { kind: "rect", x: 0, y: 0, w: SIZE, h: SIZE, r: opaque ? 0 : 7, fill: ACCENT };
  return [
    ground,
    ...rows.flatMap((y): Shape[] => [
      { kind: "circle", cx: 9.5, cy: y, r: 2.5, fill: INK },
      { kind: "rect", x: 14, y: y - 1.5, w: 11.5, h: 3, r: 1.5, fill: INK },
    ]),
  ];
}

export function iconSvg(): string {
  const body = shapes(false)
    .map((s) =>
      s.kind === "circle"
        ? `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.fill}"/>`
        : `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.fill}"/>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}">${body}</svg>\n`;
}

function inside(s: Shape, x: number, y: number): boolean {
  if (s.kind === "circle") return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
  if (x < s.x || y < s.y || x > s.x + s.w || y > s.y + s.h) return false;
  // Distance into the corner squares of radius r decides the rounded corners.
  const dx = Math.max(s.x + s.r - x, 0, x - (s.x + s.w - s.r));
  const dy = Math.max(s.y + s.r - y, 0, y - (s.y + s.h - s.r));
  return dx * dx + dy * dy <= s.r * s.r;
}

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The icon as an 8-bit RGBA PNG of `px` × `px`; `opaque` for apple-touch-icon. */
export function iconPng(px: number, opaque = false): Buffer {
  const list = shapes(opaque);
  const N = 4;
  const raw = Buffer.alloc(px * (4 * px + 1));
  for (let py = 0; py < px; py++) {
    raw[py * (4 * px + 1)] = 0; // filter: none
    for (let qx = 0; qx < px; qx++) {
      // Sum of the samples: each sample takes the topmost shape covering it.
      let [r, g, b, hits] = [0, 0, 0, 0];
      for (let i = 0; i < N * N; i++) {
        const x = ((qx + ((i % N) + 0.5) / N) * SIZE) / px;
        const y = ((py + (Math.floor(i / N) + 0.5) / N) * SIZE) / px;
        const top = list.findLast((s) => inside(s, x, y));
        if (!top) continue;
        const [sr, sg, sb] = rgb(top.fill);
        r += sr;
        g += sg;
        b += sb;
        hits++;
      }
      const at = py * (4 * px + 1) + 1 + 4 * qx;
      // Colour averaged over the covered samples, coverage as alpha: edges blend into any background.
      raw.set(
        hits ? [Math.round(r / hits), Math.round(g / hits), Math.round(b / hits), Math.round((255 * hits) / (N * N))] : [0, 0, 0, 0],
        at,
      );
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}
