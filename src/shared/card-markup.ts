/**
 * The card's markup, written once: a tree of elements built from the view model, which the
 * embed page serialises to HTML (`src/worker/pages/html.ts`) and `<key-facts>` turns into DOM
 * nodes (`src/widget/dom.ts`). Text stays text in both; attribute names come only from here.
 * @module
 */
import type { CardView, Link } from "./card-model";

/** An element: tag, attributes (absent values are left out) and children; a string is text. */
interface CardElement {
  tag: string;
  attrs: Readonly<Record<string, string | null | undefined>>;
  children: readonly CardNode[];
}
export type CardNode = string | CardElement;

/**
 * Where the card is shown. The widget exposes CSS parts and a heading level chosen by the
 * host; the embed page is its own document (an `h1`) whose links leave the frame.
 */
type CardFrame = { kind: "widget"; headingLevel: number } | { kind: "embed" };

type Child = CardNode | null | undefined | false | readonly Child[];

function el(tag: string, attrs: CardElement["attrs"], ...children: Child[]): CardElement {
  const out: CardNode[] = [];
  const add = (c: Child) => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c) out.push(c as CardNode);
  };
  children.forEach(add);
  return { tag, attrs, children: out };
}

/** The card of `v` as a tree: the markup `src/shared/card-styles.ts` styles. */
export function cardMarkup(v: CardView, frame: CardFrame): CardElement {
  const widget = frame.kind === "widget";
  const part = (name: string) => (widget ? name : null);
  // Links in a frame open in a new tab, so the host page stays where it is.
  const away = widget ? {} : { target: "_blank", rel: "noopener" };
  const link = (l: Link, cls?: string) =>
    l.href ? el("a", { class: cls, href: l.href, ...away }, l.text) : el("span", { class: cls }, l.text);
  const time = (cls: string | undefined, d: { text: string; datetime: string }) => el("time", { class: cls, datetime: d.datetime }, d.text);
  const title = widget
    ? el(
        "div",
        { class: "kf-title", part: "title", id: "kf-title", role: "heading", "aria-level": String(frame.headingLevel) },
        link(v.title),
      )
    : el("h1", { class: "kf-title", id: "kf-title" }, link(v.title));
  return el(
    "section",
    {
      class: "kf-card",
      part: part("base"),
      role: widget ? "region" : null,
      "aria-labelledby": "kf-title",
      lang: v.lang || null,
      dir: v.dir,
    },
    el("header", { class: "kf-header", part: part("header") }, el("p", { class: "kf-kicker" }, "Key facts"), title),
    el(
      "ul",
      { class: "kf-facts", part: part("list") },
      v.facts.map((f, i) =>
        el(
          "li",
          { class: "kf-fact", part: part("fact"), lang: f.origin?.lang || null, dir: f.origin?.dir || null },
          // Tag mode: a fact's summary heads the run of its facts, once.
          f.origin &&
            f.origin.href !== v.facts[i - 1]?.origin?.href &&
            el("p", { class: "kf-origin" }, link(f.origin), f.origin.date && [" · ", time(undefined, f.origin.date)]),
          el("p", { class: "kf-text" }, f.text),
          f.figure && el("p", { class: "kf-figure" }, f.figure),
          el(
            "p",
            { class: "kf-sources", part: part("sources") },
            el("span", { class: "kf-label" }, f.sources.length > 1 ? "Sources:" : "Source:"),
            " ",
            // Each source with the chain its claim travelled: "A, via B, cited by C; D".
            f.sources.map((s, i) => [i > 0 && "; ", link(s), s.via.map((v, k) => [k ? ", cited by " : ", via ", link(v)])]),
            f.independent && ` · ${f.independent}`,
          ),
          f.unverified && el("p", { class: "kf-unverified" }, f.unverified),
        ),
      ),
    ),
    el(
      "footer",
      { class: "kf-meta", part: part("footer") },
      link(v.publication, "kf-publication"),
      v.date && time("kf-date", v.date),
      v.follow && el("a", { class: "kf-follow", href: v.follow, type: "application/rss+xml", ...away }, "Follow this story"),
    ),
  );
}
