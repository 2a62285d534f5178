/** Reading a body with a bound: what others send us (subscription forms, inbox POSTs, fetched documents). */

/** The bytes of `body` if they are at most `max`, else undefined (the rest is not read). */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  max: number,
): Promise<Uint8Array | undefined> {
  if (Number(declaredLength ?? "0") > max) {
    await body?.cancel();
    return undefined;
  }
  const reader = body?.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return bytes;
}
