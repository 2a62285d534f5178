/** `/problems` and `/problems/:type`: the documentation each problem+json `type` URL points at. */
import { PROBLEM_TYPES, type ProblemType } from "../../shared/problems";
import { html } from "./html";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";

/** Prose with `backticks` as code. */
const prose = (text: string) => text.split("`").map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part));

const TYPES = Object.keys(PROBLEM_TYPES) as ProblemType[];

export const isProblemType = (name: string): name is ProblemType => Object.hasOwn(PROBLEM_TYPES, name);

export function problemIndexPage(site: Site): string {
  const props = {
    ...site,
    title: "API errors",
    description: "The problem types the keyfacts API, feeds and oEmbed endpoint answer with.",
    path: "/problems",
    feeds: feedLinks(site.origin, site.publication.title),
  };
  return layout(
    props,
    html`<h1>API errors</h1>
      <p class="lede">Errors from the API, the feeds and oEmbed are <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a> problem documents (<code>application/problem+json</code>). Their <code>type</code> is the address of one of these pages.</p>
      <dl class="problems">${TYPES.map((t) => {
        const p = PROBLEM_TYPES[t];
        return html`<dt><a href="/problems/${t}">${p.title}</a> (${p.status})</dt><dd>${prose(p.about)}</dd>`;
      })}</dl>`,
  );
}

export function problemPage(type: ProblemType, site: Site): string {
  const p = PROBLEM_TYPES[type];
  const origin = site.origin;
  const hasErrors = type === "invalid-parameter" || type === "unknown-parameter";
  const props = {
    ...site,
    title: `${p.title} (${p.status})`,
    description: p.about.replaceAll("`", ""),
    path: `/problems/${type}`,
    feeds: [],
  };
  return layout(
    props,
    html`<h1>${p.title}</h1>
      <p class="meta"><span>HTTP status <strong>${p.status}</strong></span><span>type <code>${origin}/problems/${type}</code></span></p>
      <p>${prose(p.about)}</p>
      <p>The response body is a problem document with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> (what exactly went wrong with this request) and <code>instance</code> (the path asked for)${hasErrors && html`, plus <code>errors</code>: one <code>{field, message}</code> per offending parameter`}.</p>
      <p><a href="/problems">All error types</a></p>`,
  );
}
