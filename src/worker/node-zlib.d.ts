/**
 * The part of `node:zlib` the worker uses (workerd provides the module under the
 * `nodejs_compat` flag; the worker's types leave out Node's own).
 */
declare module "node:zlib" {
  interface ZlibOptions {
    level?: number;
    dictionary?: ArrayBufferView;
  }
  export function deflateRawSync(data: ArrayBufferView, options?: ZlibOptions): Uint8Array;
  export function inflateRawSync(data: ArrayBufferView, options?: ZlibOptions): Uint8Array;
}
