/**
 * The W3C Feed Validation Service's rules, checked offline (the service is unreachable from
 * here). Each check is named after the validator message it stands for and is at least as
 * strict as the validator: self links, guids, RFC 822 dates and weekdays, RFC 3339 dates,
 * absolute links, relative references and unsafe markup in HTML content, HTML in plain-text
 * elements ("undeclared HTML"), namespaces, languages, and the characters it calls bad.
 * @module
 */
import type { XmlDocument, XmlElement, XmlNode } from "libxml2-wasm";
import { NS, withXml } from "./feeds-support";

export interface Finding {
  level: "error" | "warning";
  /** The validator's message class, e.g. `MissingGuid`. */
  rule: string;
  where: string;
  detail?: string;
}

/** Namespaces the validator knows (and their preferred prefixes); any other is an `UnknownNamespace` warning. */
const KNOWN_NAMESPACES: Record<string, string> = {
  [NS.atom]: "atom",
  [NS.content]: "content",
  [NS.dc]: "dc",
  "http://www.w3.org/XML/1998/namespace": "xml",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (\+0000|GMT)$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Elements and attributes the item HTML may use: a subset of what the validator accepts as safe. */
const SAFE_ELEMENTS = new Set(
  "a abbr b blockquote br code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i ins kbd li ol p pre q s small span strong sub sup table tbody td th thead time tr u ul".split(
    " ",
  ),
);
const SAFE_ATTRIBUTES = new Set("href rel lang dir datetime title class id start cite colspan rowspan".split(" "));

type Report = (rule: string, level: Finding["level"], where: string, detail?: string) => void;

const el = (n: XmlNode) => n as unknown as XmlElement;
const attr = (n: XmlNode, name: string) => el(n).attr(name)?.value;

/** An absolute http(s) URL in canonical form (what the validator's rfc2396_full and canonicaluri accept). */
function isAbsoluteUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "https:" || u.protocol === "http:") && u.href === value;
  } catch {
    return false;
  }
}

function checkRfc822(value: string, where: string, report: Report): void {
  const m = RFC822.exec(value);
  if (!m) {
    report("InvalidRFC2822Date", "error", where, value);
    return;
  }
  const [, day, dd, mon, yyyy, hh, mi, ss] = m;
  const date = new Date(Date.UTC(Number(yyyy), MONTHS.indexOf(mon as string), Number(dd), Number(hh), Number(mi), Number(ss)));
  if (date.getUTCDate() !== Number(dd) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60)
    report("InvalidRFC2822Date", "error", where, value);
  else if (DAYS[date.getUTCDay()] !== day) report("IncorrectDOW", "error", where, value);
  else if (date.getUTCFullYear() < 1990) report("ImplausibleDate", "warning", where, value);
}

function checkRfc3339(value: string, where: string, report: Report, utc = false): void {
  const m = RFC3339.exec(value);
  if (!m || Number.isNaN(Date.parse(value))) {
    report("InvalidRFC3339Date", "error", where, value);
    return;
  }
  const [, y, mo, d] = m;
  if (new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() !== Number(d))
    report("InvalidRFC3339Date", "error", where, value);
  else if (utc && !value.endsWith("Z")) report("W3DTFDateNonUTC", "warning", where, value);
  else if (Number(y) < 1990) report("ImplausibleDate", "warning", where, value);
}

function checkLanguage(value: string | undefined, where: string, report: Report): void {
  const primary = (value ?? "").split("-")[0] ?? "";
  let known = false;
  try {
    known =
      Intl.getCanonicalLocales(value ?? "").length === 1 &&
      new Intl.DisplayNames(["en"], { type: "language", fallback: "none" }).of(primary) !== undefined;
  } catch {}
  if (!known) report("InvalidLanguage", "error", where, value);
}

/**
 * A plain-text element (`nonhtml` in the validator): HTML end tags anywhere; entity-like text
 * (`&amp`, `&#38`) and, in RSS, `&#`/`<` followed by a letter, unless the line carries hex
 * references (the RSS profile's sign that such characters were escaped on purpose).
 */
function checkPlainText(value: string, line: string, where: string, report: Report, rule: "ContainsHTML" | "ContainsUndeclaredHTML"): void {
  if (/<\/[A-Za-z][A-Za-z0-9]*\s*>/.test(value)) report(rule, "warning", where, value.slice(0, 80));
  else if (line.includes("&#x")) return;
  else if (/&#?\w/.test(value)) report(rule, "warning", where, value.slice(0, 80));
  else if (rule === "ContainsHTML" && /&#[x0-9]|<[/a-zA-Z]/.test(value)) report("CharacterData", "warning", where, value.slice(0, 80));
}

/** HTML content (`safeHtml`): unsafe elements or attributes, relative references, not parseable as a fragment. */
function checkHtml(html: string, where: string, report: Report): void {
  for (const m of html.matchAll(/<([A-Za-z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    const name = (m[1] as string).toLowerCase();
    if (!SAFE_ELEMENTS.has(name)) report("SecurityRisk", "warning", where, `<${name}>`);
    for (const a of (m[2] as string).matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attrName = (a[1] as string).toLowerCase();
      const raw = (a[2] ?? "").replace(/^["']|["']$/g, "");
      const value = raw.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, "&");
      if (!SAFE_ATTRIBUTES.has(attrName)) report("SecurityRiskAttr", "warning", where, `${name}@${attrName}`);
      if ((attrName === "href" || attrName === "src") && !/^\w+:/.test(value.trim())) report("ContainsRelRef", "warning", where, value);
      if ((attrName === "href" || attrName === "src") && !/^https?:\/\//i.test(value.trim()))
        report("SecurityRisk", "warning", where, value);
    }
  }
}

/** Characters the validator calls bad anywhere in text or attribute values. */
function checkCharacters(doc: XmlDocument, report: Report): void {
  const values = [doc.root.content, ...doc.find("//@*").map((a) => a.content)];
  for (const v of values)
    if (/[\u0080-\u009F\uFFFD]/.test(v)) report("BadCharacters", "warning", "document", JSON.stringify(v.slice(0, 40)));
}

/** Namespace declarations: unknown URIs, and known URIs under a non-standard prefix. */
function checkNamespaces(xml: string, report: Report, extension: string): void {
  for (const m of xml.matchAll(/\sxmlns(?::([\w.-]+))?="([^"]*)"/g)) {
    const [, prefix, uri] = m as unknown as [string, string | undefined, string];
    const preferred = KNOWN_NAMESPACES[uri];
    if (preferred === undefined) {
      if (uri === NS.atom) continue;
      report(uri === extension ? "UnknownNamespace (the key-facts extension)" : "UnknownNamespace", "warning", "xmlns", uri);
    } else if (prefix !== undefined && prefix !== preferred) report("NonstdPrefix", "warning", "xmlns", `${prefix} → ${uri}`);
    if (prefix !== undefined && Object.values(KNOWN_NAMESPACES).includes(prefix) && KNOWN_NAMESPACES[uri] !== prefix)
      report("ReservedPrefix", "warning", "xmlns", prefix);
  }
}

function run(xml: string, check: (doc: XmlDocument, report: Report, lines: string[]) => void): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (rule, level, where, detail) =>
    void findings.push({ rule, level, where, ...(detail === undefined ? {} : { detail }) });
  try {
    withXml(xml, (doc) => check(doc, report, xml.split("\n")));
  } catch (e) {
    report("SAXError", "error", "document", (e as Error).message);
  }
  return findings;
}

/** Findings for an RSS 2.0 document served at `selfUrl`. */
export function checkRss(xml: string, selfUrl: string, extensionNs: string): Finding[] {
  return run(xml, (doc, report, lines) => {
    checkCharacters(doc, report);
    checkNamespaces(xml, report, extensionNs);
    if (doc.root.name !== "rss" || attr(doc.root, "version") !== "2.0") report("InvalidRSSVersion", "error", "rss");
    const channel = doc.get("/rss/channel");
    if (!channel) return report("MissingElement", "error", "channel");
    for (const name of ["title", "link", "description"]) if (!channel.get(name)) report("MissingElement", "error", `channel/${name}`);
    for (const name of ["title", "link", "description", "language", "lastBuildDate", "docs"]) {
      if (channel.find(name).length > 1) report("DuplicateElement", "error", `channel/${name}`);
    }
    const link = channel.get("link")?.content ?? "";
    if (!isAbsoluteUrl(link)) report("InvalidFullLink", "error", "channel/link", link);
    checkLanguage(channel.get("language")?.content, "channel/language", report);
    const built = channel.get("lastBuildDate");
    if (built) checkRfc822(built.content, "channel/lastBuildDate", report);
    const self = channel.find("atom:link[@rel='self']", NS);
    if (self.length === 0) report("MissingAtomSelfLink", "warning", "channel");
    for (const s of self) {
      const href = attr(s, "href") ?? "";
      if (!isAbsoluteUrl(href)) report("RelativeSelf", "warning", "atom:link", href);
      if (href !== selfUrl) report("SelfDoesntMatchLocation", "warning", "atom:link", href);
      if (attr(s, "type") !== "application/rss+xml") report("SelfNotAtom", "warning", "atom:link", attr(s, "type"));
    }
    const channelTitle = channel.get("title");
    if (channelTitle) checkPlainText(channelTitle.content, lines[channelTitle.line - 1] ?? "", "channel/title", report, "ContainsHTML");
    const guids = new Set<string>();
    doc.find("/rss/channel/item").forEach((item, n) => {
      const at = `item[${n + 1}]`;
      const children = el(item)
        .find("*")
        .map((c) => `${el(c).prefix ? `${el(c).prefix}:` : ""}${el(c).name}`);
      if (!children.includes("title") && !children.includes("description")) report("ItemMustContainTitleOrDescription", "error", at);
      for (const name of ["title", "link", "description", "content:encoded", "guid", "pubDate"]) {
        if (children.filter((c) => c === name).length > 1) report("DuplicateElement", "error", `${at}/${name}`);
      }
      if (children.indexOf("content:encoded") >= 0 && children.indexOf("description") > children.indexOf("content:encoded")) {
        report("NeedDescriptionBeforeContent", "warning", at);
      }
      const title = item.get("title");
      if (title) {
        if (title.content.trim() === "") report("NotBlank", "warning", `${at}/title`);
        checkPlainText(title.content, lines[title.line - 1] ?? "", `${at}/title`, report, "ContainsHTML");
      }
      for (const cat of item.find("category"))
        checkPlainText(cat.content, lines[cat.line - 1] ?? "", `${at}/category`, report, "ContainsHTML");
      const itemLink = item.get("link")?.content;
      if (itemLink !== undefined && !isAbsoluteUrl(itemLink)) report("InvalidFullLink", "error", `${at}/link`, itemLink);
      const guid = item.get("guid");
      if (!guid) report("MissingGuid", "warning", at);
      else {
        const permalink = attr(guid, "isPermaLink") ?? "true";
        if (permalink !== "true" && permalink !== "false") report("InvalidBooleanAttribute", "error", `${at}/guid`);
        if (permalink === "true" && !isAbsoluteUrl(guid.content)) report("InvalidHttpGUID", "error", `${at}/guid`, guid.content);
        if (guids.has(guid.content)) report("DuplicateValue", "error", `${at}/guid`, guid.content);
        guids.add(guid.content);
      }
      const pubDate = item.get("pubDate");
      if (pubDate) checkRfc822(pubDate.content, `${at}/pubDate`, report);
      for (const u of item.find("atom:updated", NS)) checkRfc3339(u.content, `${at}/atom:updated`, report);
      for (const d of item.find("description | content:encoded", NS)) checkHtml(d.content, `${at}/${el(d).name}`, report);
    });
  });
}

const ATOM_RELS = new Set([
  "alternate",
  "related",
  "self",
  "enclosure",
  "via",
  "hub",
  "license",
  "replies",
  "next",
  "previous",
  "first",
  "last",
]);

function checkAtomLinks(parent: XmlNode, where: string, report: Report): XmlNode[] {
  const links = parent.find("atom:link", NS);
  const seen = new Set<string>();
  for (const l of links) {
    const rel = attr(l, "rel") ?? "alternate";
    const href = attr(l, "href");
    if (!ATOM_RELS.has(rel)) report("UnregisteredAtomLinkRel", "warning", where, rel);
    if (href === undefined) report("MissingHref", "error", where);
    else if (!isAbsoluteUrl(href)) report("InvalidIRI", "error", where, href);
    const key = `${rel} ${attr(l, "type") ?? ""} ${attr(l, "hreflang") ?? ""}`;
    if (seen.has(key)) report("DuplicateAtomLink", "error", where, key);
    seen.add(key);
  }
  return links;
}

/** Findings for an Atom 1.0 document served at `selfUrl`. */
export function checkAtom(xml: string, selfUrl: string, extensionNs: string): Finding[] {
  return run(xml, (doc, report, lines) => {
    checkCharacters(doc, report);
    checkNamespaces(xml, report, extensionNs);
    const line = (n: XmlNode) => lines[n.line - 1] ?? "";
    const feed = doc.root;
    if (feed.name !== "feed" || feed.namespaceUri !== NS.atom) return report("InvalidNamespace", "error", "feed");
    checkLanguage(feed.attr("lang", "xml")?.value, "feed/@xml:lang", report);
    for (const name of ["id", "title", "updated", "author"])
      if (!feed.get(`atom:${name}`, NS)) report("MissingElement", "error", `feed/${name}`);
    const id = feed.get("atom:id", NS)?.content ?? "";
    if (!isAbsoluteUrl(id)) report("NonCanonicalURI", "warning", "feed/id", id);
    const updated = feed.get("atom:updated", NS);
    if (updated) checkRfc3339(updated.content, "feed/updated", report, true);
    if (!feed.get("atom:author/atom:name", NS)?.content.trim()) report("MissingElement", "error", "feed/author/name");
    for (const t of feed.find("atom:title | atom:subtitle", NS))
      checkPlainText(t.content, line(t), `feed/${el(t).name}`, report, "ContainsUndeclaredHTML");
    const links = checkAtomLinks(feed, "feed", report);
    const self = links.filter((l) => attr(l, "rel") === "self");
    if (self.length === 0) report("MissingSelf", "warning", "feed");
    for (const s of self) {
      if (attr(s, "href") !== selfUrl) report("SelfDoesntMatchLocation", "warning", "feed/link", attr(s, "href"));
      if (attr(s, "type") !== "application/atom+xml") report("SelfNotAtom", "warning", "feed/link", attr(s, "type"));
    }
    const ids = new Set<string>();
    feed.find("atom:entry", NS).forEach((entry, n) => {
      const at = `entry[${n + 1}]`;
      for (const name of ["id", "title", "updated"]) if (!entry.get(`atom:${name}`, NS)) report("MissingElement", "error", `${at}/${name}`);
      for (const name of ["id", "title", "updated", "published", "summary", "content"]) {
        if (entry.find(`atom:${name}`, NS).length > 1) report("DuplicateElement", "error", `${at}/${name}`);
      }
      checkLanguage(el(entry).attr("lang", "xml")?.value ?? feed.attr("lang", "xml")?.value, `${at}/@xml:lang`, report);
      const entryId = entry.get("atom:id", NS)?.content ?? "";
      if (!isAbsoluteUrl(entryId)) report("NonCanonicalURI", "warning", `${at}/id`, entryId);
      if (ids.has(entryId)) report("DuplicateEntries", "warning", `${at}/id`, entryId);
      ids.add(entryId);
      for (const d of entry.find("atom:updated | atom:published", NS))
        checkRfc3339(d.content, `${at}/${el(d).name}`, report, el(d).name === "updated");
      const entryLinks = checkAtomLinks(entry, at, report);
      const content = entry.get("atom:content", NS);
      if (!content && !entryLinks.some((l) => (attr(l, "rel") ?? "alternate") === "alternate"))
        report("MissingContentOrAlternate", "error", at);
      if (!content && !entry.get("atom:summary", NS)) report("MissingTextualContent", "warning", at);
      for (const t of entry.find("atom:title | atom:summary", NS)) {
        if ((attr(t, "type") ?? "text") !== "text") continue;
        if (t.content.trim() === "") report("NotBlank", "warning", `${at}/${el(t).name}`);
        checkPlainText(t.content, line(t), `${at}/${el(t).name}`, report, "ContainsUndeclaredHTML");
      }
      if (content) {
        if (attr(content, "type") === "html") checkHtml(content.content, `${at}/content`, report);
        else report("ContentType", "error", `${at}/content`, attr(content, "type"));
      }
    });
  });
}
