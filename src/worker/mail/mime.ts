/**
 * A {@link Mail} as the message we send (RFC 5322, MIME RFC 2045–2049): the headers, then
 * `multipart/alternative` with the text part first and the HTML part last (a client shows
 * the last part it can), both UTF-8 in quoted-printable. Titles reach the headers only as
 * RFC 2047 encoded words or checked ASCII words, so no text can start a header of its own.
 * @module
 */
import { headerText } from "./header-text";
import type { Mail, MailAddress } from "./types";

export interface MimeOptions {
  /** The message's date; now by default. */
  date?: Date;
  /** The left part of its Message-ID; random by default. */
  id?: string;
}

const CRLF = "\r\n";
/** Header lines are folded under 78 characters (RFC 5322 §2.1.1); none may pass 998. */
const FOLD_AT = 78;
const HARD_LIMIT = 998;
/** UTF-8 bytes per encoded word: 12 + 52 characters, so even `Subject: ` and the first word fit in 78. */
const WORD_BYTES = 39;
/** Headers this module writes itself: a Mail's extra headers may not repeat or replace them. */
const OURS = /^(from|to|cc|bcc|reply-to|sender|subject|date|message-id|mime-version|content-.*)$/i;

const utf8 = new TextEncoder();

/** `text` as RFC 2047 `B` encoded words, each of whole characters, so any decoder rebuilds it exactly. */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    words.push(`=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`);
    bytes = [];
  };
  for (const char of text) {
    const b = utf8.encode(char);
    if (bytes.length + b.length > WORD_BYTES) flush();
    bytes.push(...b);
  }
  if (bytes.length > 0 || words.length === 0) flush();
  return words;
}

/** Printable ASCII words between single spaces: a decoder gives them back as they are (it would squeeze other spacing). */
const plainWords = (text: string) => /^[\x21-\x7e]{1,70}( [\x21-\x7e]{1,70})*$/.test(text) && !text.includes("=?");

/** A header line, folded at the spaces between `tokens`; unfolding gives back one space each. */
function header(name: string, tokens: readonly string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > FOLD_AT && line.length > name.length + 1) {
      lines.push(line);
      line = "";
    }
    line += ` ${token}`;
  }
  lines.push(line);
  if (lines.some((l) => l.length > HARD_LIMIT)) throw new TypeError(`the ${name} header has a line over ${HARD_LIMIT} characters`);
  return lines.join(CRLF);
}

/** Unstructured text (a subject): plain words when it is plain ASCII, otherwise encoded words. */
const textTokens = (text: string) => (text === "" ? [] : plainWords(text) ? text.split(" ") : encodedWords(text));

/** An address a header can carry without quoting: no spaces, brackets, quotes, commas or controls. */
function checkedAddress(email: string, role: string): string {
  if (!/^[^\s<>()[\],;:"\\@\p{Cc}]+@[^\s<>()[\],;:"\\@\p{Cc}]+$/u.test(email)) {
    // The address itself stays out of the message: errors are logged, addresses never are.
    throw new TypeError(`the ${role} address is not one a header can carry`);
  }
  return email;
}

/** `Name <address>`: the name as atoms, a quoted string, or encoded words when it is not ASCII. */
function mailbox({ name, email }: MailAddress): string[] {
  const address = `<${checkedAddress(email, "sender")}>`;
  const text = headerText(name).trim();
  if (text === "") return [address];
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/.test(text) && !text.includes("=?")) {
    return [...text.split(" "), address];
  }
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes("=?")) return [`"${text.replace(/["\\]/g, "\\$&")}"`, address];
  return [...encodedWords(text), address];
}

/**
 * A Mail's extra header (List-Unsubscribe and the like): a plain name, and a value of
 * printable ASCII on one line. It folds only at its own spaces: a URL in angle brackets stays
 * whole, however long (RFC 2369 forbids inserting whitespace in it), within the 998 limit.
 */
function extraHeader(name: string, value: string): string {
  if (!/^[A-Za-z0-9-]{1,76}$/.test(name) || OURS.test(name)) throw new TypeError(`"${name}" is not a header a Mail may add`);
  if (!/^[\x20-\x7e\t]*$/.test(value)) throw new TypeError(`the ${name} header holds a line break, a control or a non-ASCII character`);
  return header(name, value.trim().split(/ +/));
}

/** RFC 5322 date, in UTC. */
const mailDate = (date: Date) => date.toUTCString().replace(/GMT$/, "+0000");

const hex = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * Quoted-printable (RFC 2045 §6.7): each `\n` of `text` is a line break of the part, a `\r`
 * is `=0D`, and lines are cut with soft breaks under 76 characters. It ends with a soft break,
 * so the line break before the next boundary (which RFC 2046 counts as the boundary's) adds
 * nothing to the text, whichever way a parser counts it. Nothing in it can read `=_`, the
 * start of our boundaries.
 */
function quotedPrintable(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const bytes = utf8.encode(line);
      const out: string[] = [];
      let current = "";
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const token = literal ? String.fromCharCode(b) : hex(b);
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = "";
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF)
    .concat("=");
}

const part = (type: string, body: string) =>
  [`Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: quoted-printable", "", quotedPrintable(body)].join(CRLF);

const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The whole message, CRLF line endings, ready for a provider that takes raw MIME. */
export function toMime(mail: Mail, { date = new Date(), id = randomHex(16) }: MimeOptions = {}): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new TypeError("a Message-ID's left part is letters, digits, '.', '_' or '-'");
  const domain = (checkedAddress(mail.from.email, "sender").split("@")[1] as string).toLowerCase();
  // "=_" never occurs in quoted-printable text, so the boundary cannot occur in either part.
  const boundary = `=_keyfacts_${randomHex(12)}`;
  const headers = [
    header("From", mailbox(mail.from)),
    header("To", [checkedAddress(mail.to, "recipient")]),
    header("Subject", textTokens(headerText(mail.subject))),
    `Date: ${mailDate(date)}`,
    `Message-ID: <${id}@${domain}>`,
    "MIME-Version: 1.0",
    ...Object.entries(mail.headers).map(([name, value]) => extraHeader(name, value)),
    header("Content-Type", ["multipart/alternative;", `boundary="${boundary}"`]),
  ];
  return [
    ...headers,
    "",
    `--${boundary}`,
    part("text/plain", mail.text),
    `--${boundary}`,
    part("text/html", mail.html),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}
