/**
 * E-mail addresses as mail systems take them: RFC 5321 lengths, a dot-atom local part kept
 * as written (UTF-8 allowed, RFC 6531), a domain with a dot stored lower-case and IDN as
 * punycode; and the key that makes `Ann@Example.COM` and `ann@example.com` one subscriber.
 * @module
 */

export interface Address {
  /** What mail is sent to: the local part as written, `@`, the domain in ASCII lower case. */
  address: string;
  /** Identity of the subscriber: the whole address lower-cased. */
  key: string;
}

/** Why an address was refused, shown to the person who typed it. */
type AddressProblem = { problem: string };

const UTF8 = new TextEncoder();
/** RFC 5321 §4.5.3.1: a path is at most 256 octets with its angle brackets, so an address 254. */
const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

/** RFC 5322 atext, plus any non-ASCII character (RFC 6531), except controls and spaces. */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\u{10FFFF}-]+$/u;
/** Characters no domain may hold before IDNA: they would be read as URL syntax or are controls. */
const DOMAIN_SYNTAX = /[\s%/\\?#:@[\]<>"'`^|{}\u0000-\u001f\u007f-\u009f]/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Unicode controls, separators and bidi or zero-width format characters: never part of an address. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/u;

/** The domain in ASCII (punycode), lower-case; undefined when IDNA refuses it. */
function asciiDomain(domain: string): string | undefined {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
}

/** The address as stored, or why it is refused. Leading and trailing white space is trimmed. */
export function parseAddress(input: string): Address | AddressProblem {
  const text = input.trim();
  if (text === "") return { problem: "Enter your e-mail address." };
  if (text.length > MAX_ADDRESS * 4 || INVISIBLE.test(text))
    return { problem: "An e-mail address has no spaces, line breaks or invisible characters." };
  const at = text.indexOf("@");
  if (at < 0 || at !== text.lastIndexOf("@")) return { problem: "An e-mail address has exactly one @, like ann@example.com." };
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === "" || UTF8.encode(local).length > MAX_LOCAL)
    return { problem: `The part before the @ must be 1 to ${MAX_LOCAL} characters long.` };
  if (!local.split(".").every((atom) => ATOM.test(atom)))
    return { problem: "The part before the @ has a character or dot that mail systems do not accept." };
  if (domain === "" || DOMAIN_SYNTAX.test(domain)) return { problem: "The part after the @ must be a domain, like example.com." };
  const ascii = asciiDomain(domain);
  const labels = ascii?.split(".") ?? [];
  if (ascii === undefined || ascii.length > MAX_DOMAIN || labels.length < 2 || !labels.every((l) => LABEL.test(l) && l.length <= MAX_LABEL))
    return { problem: "The part after the @ must be a domain with a dot, like example.com." };
  // A top-level domain is never numeric: this refuses IP addresses, which mail for people does not use.
  if (/^[0-9]+$/.test(labels.at(-1) as string)) return { problem: "The part after the @ must be a domain name, not an IP address." };
  const address = `${local}@${ascii}`;
  if (UTF8.encode(address).length > MAX_ADDRESS) return { problem: `An e-mail address is at most ${MAX_ADDRESS} characters long.` };
  return { address, key: address.toLowerCase() };
}

export const isAddress = (parsed: Address | AddressProblem): parsed is Address => "address" in parsed;

/** The SHA-256 of an address key, in hex: what is kept of an erased address. */
export async function keyHash(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
