/**
 * `/feeds`: where to subscribe, and the documentation of the key-facts extension that
 * JSON Feed items link to (`_key_facts.about`). Static HTML, no script, no inline style:
 * it takes the site's stylesheet, which the pages' CSP allows.
 * @module
 */
import { ABOUT_PATH } from "./channel";
import { escapeHtml } from "./html";
import { KEY_FACTS_NS } from "./model";
import { cleanText } from "./xml";

export interface AboutInput {
  title: string;
  origin: string;
  tags: readonly string[];
}

const JSON_EXAMPLE = `"_key_facts": {
  "about": "ORIGIN/feeds#key-facts",
  "facts": [{
    "id": "entries-2023",
    "text": "13,221 North Koreans entered Russia in 2023, …",
    "figure": { "value": 13221, "unit": "people", "period": "2023", "as_of": null, "approx": false },
    "sources": [{ "id": "rfa", "name": "Radio Free Asia", "kind": "broadcaster", "url": null }]
  }]
}`;

const XML_EXAMPLE = `<rss version="2.0" xmlns:kf="${KEY_FACTS_NS}" …>
  …
  <item>
    …
    <kf:facts>
      <kf:fact id="entries-2023">
        <kf:text>13,221 North Koreans entered Russia in 2023, …</kf:text>
        <kf:figure value="13221" unit="people" period="2023" approx="false"/>
        <kf:source id="rfa" kind="broadcaster">Radio Free Asia</kf:source>
      </kf:fact>
    </kf:facts>
  </item>`;

function feedLinks(base: string, label: string): string {
  return `<li>${escapeHtml(label)}: <a href="${escapeHtml(base)}/feed.xml">RSS 2.0</a>, <a href="${escapeHtml(base)}/atom.xml">Atom</a>, <a href="${escapeHtml(base)}/feed.json">JSON Feed</a></li>`;
}

export function aboutPage({ title, origin, tags }: AboutInput): string {
  const t = escapeHtml(title);
  const tagItems = tags.map((tag) => feedLinks(`${origin}/tags/${encodeURIComponent(cleanText(tag))}`, tag)).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feeds · ${t}</title>
<meta name="description" content="The RSS, Atom and JSON feeds of ${t}, and the key-facts data each item carries.">
<link rel="canonical" href="${escapeHtml(origin)}${ABOUT_PATH}">
<link rel="stylesheet" href="/styles.css">
<link rel="alternate" type="application/rss+xml" title="${t} (RSS)" href="${escapeHtml(origin)}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${t} (Atom)" href="${escapeHtml(origin)}/atom.xml">
<link rel="alternate" type="application/feed+json" title="${t} (JSON Feed)" href="${escapeHtml(origin)}/feed.json">
</head>
<body>
<main>
<h1>Feeds</h1>
<p>Follow <a href="${escapeHtml(origin)}/">${t}</a> in any feed reader. Each feed carries the 50 newest summaries, each with its key facts and their sources.</p>
<ul>
${feedLinks(origin, "Every summary")}
${tagItems}
</ul>
<h2 id="key-facts">The key-facts extension</h2>
<p>Besides the readable content, every item carries its key facts as data: the text of each fact, its figure where it has one, and the sources it is attributed to. A source has an <code>id</code>, a <code>name</code>, a <code>kind</code> (outlet, broadcaster, intelligence-agency, …) and a <code>url</code> where it has one. Readers that do not know the extension ignore it.</p>
<h3>JSON Feed</h3>
<p>Each item has a <code>_key_facts</code> object: <code>about</code> links here, <code>facts</code> has the same shape as <code>facts</code> in the API.</p>
<pre><code>${escapeHtml(JSON_EXAMPLE.replace("ORIGIN", origin))}</code></pre>
<h3>RSS and Atom</h3>
<p>Each item or entry has a <code>kf:facts</code> element in the namespace <code>${escapeHtml(KEY_FACTS_NS)}</code>. A <code>kf:fact</code> holds one <code>kf:text</code>, an optional empty <code>kf:figure</code> (attributes <code>value</code>, <code>approx</code>, and where known <code>unit</code>, <code>period</code>, <code>as-of</code>) and one <code>kf:source</code> per source (the name as text; attributes <code>id</code>, <code>kind</code>, and <code>url</code> where known).</p>
<pre><code>${escapeHtml(XML_EXAMPLE)}</code></pre>
</main>
</body>
</html>
`;
}
