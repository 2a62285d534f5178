/** Data modules (wrangler.toml `[[rules]] type = "Data"`): imported as their bytes. */
declare module "*.bin" {
  const bytes: ArrayBuffer;
  export default bytes;
}
