/**
 * `<key-facts>`: a card of a summary's key facts with their sources, fetched from the keyfacts API.
 *
 * Lit's templates render it (`lit-html`'s `render()`), under a small hand-written lifecycle
 * rather than `LitElement`: ReactiveElement alone weighs about 2.6 KB gzipped, more than the
 * size budget (widget.js ≤ 1.35× a bundle of Lit) leaves for the whole card.
 */
import { html, nothing, render, type TemplateResult } from "lit/html.js";
import type { FactList, Summary } from "../shared/api-schema";
import { cardMarkup } from "../shared/card-markup";
import { type CardView, summaryCard, tagCard } from "../shared/card-model";
import { apiBase, type Failure, getJson, isFactList, isSummary, LoadError } from "./api";
import { toDom } from "./dom";
import { cardSheets } from "./key-facts.styles";

export type { Failure };

export interface KeyFactsLoadDetail {
  /** The payload the card shows: a summary (`summary` mode) or a fact list (`tag` mode). */
  data: Summary | FactList;
}

export interface KeyFactsErrorDetail {
  reason: Failure;
  /** The HTTP status, when there was a response. */
  status: number | null;
}

const MESSAGES: Record<Failure, string> = {
  "not-found": "This summary could not be found.",
  timeout: "The key facts took too long to load.",
  http: "The key facts could not be loaded.",
  network: "The key facts could not be loaded. Check your connection.",
  payload: "The key facts could not be read.",
  config: "Set a summary or tag attribute (and an http(s) api URL, if any).",
};

/** Numeric attributes: [min, max, default]; out-of-range values are clamped, non-numbers give the default. */
const RANGES = { limit: [1, 100, 5], "heading-level": [1, 6, 2], timeout: [1, 600_000, 8000] } as const;

/** Attributes that change what is fetched. */
const DATA_ATTRIBUTES = ["summary", "fact", "tag", "limit", "api"];

/**
 * A card of key facts, each with its sources, from one summary (`summary="slug"`) or the
 * newest facts of a tag (`tag="sanctions" limit="5"`). It finds the API next to its own
 * script; loading reserves the card's space; failures show a message and a Retry button
 * and never throw into the page.
 *
 * @summary Key facts of a news summary, with their sources.
 * @tag key-facts
 *
 * @attr {string} summary - Slug of the summary to show, e.g. `north-korean-labourers-russia-2024`.
 * @attr {string} fact - With `summary`: shows only the fact with this id (its anchor on the summary page is `#fact-<id>`).
 * @attr {string} tag - Shows the newest facts of this tag instead (used when `summary` is absent).
 * @attr {number} [limit=5] - How many facts `tag` mode shows, 1–100.
 * @attr {string} api - Base URL of the API, e.g. `https://news.example/api/v1/`. Default: `/api/v1/` on the origin that served the script.
 * @attr {"light" | "dark" | "auto"} [theme=auto] - Colour theme; `auto` follows the reader's `prefers-color-scheme`.
 * @attr {number} [heading-level=2] - Level of the card's heading, 1–6: one below the heading the card sits under.
 * @attr {number} [timeout=8000] - Milliseconds to wait for the API before showing an error.
 *
 * @fires {CustomEvent<KeyFactsLoadDetail>} key-facts-load - The card rendered; `detail.data` is the payload.
 * @fires {CustomEvent<KeyFactsErrorDetail>} key-facts-error - The card shows an error; `detail.reason` is one of `not-found`, `timeout`, `http`, `network`, `payload`, `config`.
 *
 * @csspart base - The card (`section`, the labelled region).
 * @csspart header - Kicker and heading.
 * @csspart title - The heading.
 * @csspart list - The list of facts (`ul`).
 * @csspart fact - One fact (`li`).
 * @csspart sources - A fact's sources.
 * @csspart footer - Publication, date and the feed link.
 * @csspart message - Loading and error messages.
 * @csspart retry - The Retry button.
 *
 * @cssprop [--key-facts-font-family=system-ui, sans-serif] - Body text font.
 * @cssprop [--key-facts-heading-font-family=Georgia, serif] - Heading font.
 * @cssprop [--key-facts-font-size=1rem] - Base font size; everything scales from it.
 * @cssprop [--key-facts-background=#ffffff] - Card background (dark: `#17191c`).
 * @cssprop [--key-facts-color=#1c1e21] - Text colour (dark: `#e9eaec`).
 * @cssprop [--key-facts-muted-color=#565c66] - Sources, dates and messages (dark: `#a7adb6`).
 * @cssprop [--key-facts-accent-color=#b3261e] - Top rule, kicker and bullets (dark: `#ff8f85`).
 * @cssprop [--key-facts-link-color=#0b57d0] - Links, the Retry button and the focus ring (dark: `#9ec1ff`).
 * @cssprop [--key-facts-border-color=#dadde2] - Card border, separators and loading placeholders (dark: `#3a3f46`).
 * @cssprop [--key-facts-radius=0.5rem] - Corner radius.
 * @cssprop [--key-facts-padding=1.25rem] - Inner padding.
 * @cssprop [--key-facts-max-width=42rem] - Maximum inline size of the card.
 * @cssprop [--key-facts-min-height=20rem] - Space reserved while loading (and the card's minimum); set it to your card's height for no layout shift.
 */
export class KeyFacts extends HTMLElement {
  static readonly observedAttributes = [...DATA_ATTRIBUTES, "heading-level"];

  readonly #root: ShadowRoot;
  #ctl?: AbortController;
  /** The card, the reason it failed, or undefined while loading. */
  #shown?: CardView | Failure;
  #queued = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.adoptedStyleSheets = cardSheets();
    // Paint the loading state at once: the card's space is reserved before any data.
    this.#paint();
  }

  // Reflected attributes as properties, defined below the class in one loop rather than a pair of accessors each.
  declare summary: string | null;
  declare fact: string | null;
  declare tag: string | null;
  declare api: string | null;
  declare theme: "light" | "dark" | "auto" | null;
  declare limit: number;
  declare headingLevel: number;
  declare timeout: number;

  connectedCallback(): void {
    // First connection, or re-attached after removal cut a load short.
    if (!this.#shown) this.#queue();
  }

  disconnectedCallback(): void {
    this.#ctl?.abort();
    this.#ctl = undefined;
  }

  attributeChangedCallback(name: string): void {
    if (DATA_ATTRIBUTES.includes(name)) this.#queue();
    else this.#paint();
  }

  /** Fetches and shows the card again (what Retry does). Never rejects: every failure becomes a message. */
  async load(): Promise<void> {
    this.#ctl?.abort();
    const ctl = new AbortController();
    this.#ctl = ctl;
    this.#shown = undefined;
    this.#paint();
    const { summary, tag } = this;
    let shown: CardView | Failure;
    let data: unknown;
    let status: number | null = null;
    try {
      if (!summary && !tag) throw new LoadError("config");
      // The API sits next to the script (https://HOST/widget.js → https://HOST/api/v1/) unless `api` says otherwise.
      const base = this.api ? apiBase(this.api) : new URL("/api/v1/", import.meta.url);
      const path = summary
        ? `summaries/${encodeURIComponent(summary)}`
        : `facts?${new URLSearchParams({ tag: tag!, limit: `${this.limit}` })}`;
      data = await getJson(new URL(path, base).href, this.timeout, ctl);
      if (summary ? !isSummary(data) : !isFactList(data)) throw new LoadError("payload");
      shown = summary ? summaryCard(data as Summary, this.fact) : tagCard(data as FactList, tag!);
      if (!shown.facts.length) throw new LoadError("not-found");
    } catch (e) {
      shown = e instanceof LoadError ? e.reason : "payload";
      status = e instanceof LoadError ? e.status : null;
    }
    // A newer load, or removal, superseded this one: its result is not ours to show.
    if (this.#ctl !== ctl) return;
    this.#ctl = undefined;
    this.#shown = shown;
    this.#paint();
    const failed = typeof shown === "string";
    this.dispatchEvent(
      new CustomEvent(failed ? "key-facts-error" : "key-facts-load", {
        detail: failed ? { reason: shown, status } : { data },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Coalesces attribute changes made together (summary + api, say) into one request. */
  #queue(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) void this.load();
    });
  }

  #paint(): void {
    const v = this.#shown;
    render(typeof v === "object" ? this.#card(v) : this.#state(v), this.#root, { host: this });
  }

  #message(reason: Failure): string {
    return reason !== "not-found"
      ? MESSAGES[reason]
      : !this.summary
        ? "No key facts have been published under this tag yet."
        : this.fact
          ? "This fact could not be found."
          : MESSAGES[reason];
  }

  #state(failure?: Failure): TemplateResult {
    // One line: whitespace inside a template ships as it is written.
    return html`<section class="kf-card ${failure ? "kf-failed" : "kf-loading"}" part="base" role="region" aria-label="Key facts" aria-busy=${!failure}><p class="kf-message" part="message" role=${failure ? "alert" : "status"}>${failure ? this.#message(failure) : "Loading key facts…"}</p>${failure ? html`<button class="kf-retry" part="retry" type="button" @click=${this.load}>Retry</button>` : nothing}</section>`;
  }

  /** The card's markup is shared with the embed page; it becomes DOM here, text as text nodes. */
  #card(v: CardView): Node {
    return toDom(cardMarkup(v, { kind: "widget", headingLevel: this.headingLevel }));
  }
}

// Each attribute as a property: text ones as given (null when absent), numeric ones clamped to
// RANGES (out-of-range values clamped, non-numbers the default); setting null removes the attribute.
for (const name of [...DATA_ATTRIBUTES, "theme", "heading-level", "timeout"]) {
  const range = RANGES[name as keyof typeof RANGES];
  Object.defineProperty(KeyFacts.prototype, name === "heading-level" ? "headingLevel" : name, {
    get(this: KeyFacts) {
      const v = this.getAttribute(name);
      if (!range) return v;
      const n = Number.parseFloat(v ?? "");
      return Number.isNaN(n) ? range[2] : Math.min(range[1], Math.max(range[0], Math.round(n)));
    },
    set(this: KeyFacts, v: unknown) {
      if (v == null) this.removeAttribute(name);
      else this.setAttribute(name, `${v}`);
    },
  });
}

declare global {
  interface HTMLElementTagNameMap {
    "key-facts": KeyFacts;
  }
  interface HTMLElementEventMap {
    "key-facts-load": CustomEvent<KeyFactsLoadDetail>;
    "key-facts-error": CustomEvent<KeyFactsErrorDetail>;
  }
}
