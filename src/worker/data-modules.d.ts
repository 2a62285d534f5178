/** Data modules (wrangler's default rule for `*.bin`, e.g. `build/docs.bin`): imported as their bytes. */
declare module "*.bin" {
  const bytes: ArrayBuffer;
  export default bytes;
}
