/** A made-up summary exercising everything real content may not yet have: corrections, updates, linked sources, hostile text, right-to-left. */
import type { Summary } from "../../src/shared/api-schema";
import type { Publication } from "../../src/shared/archive";

export const HOSTILE = `</script><script>alert(1)</script><!-- "quoted" & 'single'`;

export const fixture: Summary = {
  slug: "fixture-summary",
  url: "https://example.com/summaries/fixture-summary",
  title: `A title with ${HOSTILE}`,
  summary: `A summary with ${HOSTILE}.`,
  published: "2026-01-05T00:00:00Z",
  updated: "2026-02-10T09:30:00Z",
  lang: "ar",
  dir: "rtl",
  tags: ["fixture-tag"],
  based_on: [
    { id: "linked", name: "Linked Outlet", kind: "outlet", url: "https://outlet.example/report" },
    { id: "plain", name: `Plain ${HOSTILE}`, kind: "ngo", url: null },
  ],
  facts: [
    {
      id: "first",
      text: `A fact with ${HOSTILE}`,
      figure: { value: 1200, unit: "people", period: "2025", as_of: null, approx: true },
      sources: [
        { id: "linked", name: "Linked Outlet", kind: "outlet", url: "https://outlet.example/report", via: [] },
        {
          id: "plain",
          name: `Plain ${HOSTILE}`,
          kind: "ngo",
          url: null,
          via: [{ id: "relay", name: `Relay ${HOSTILE}`, kind: "outlet", url: "https://relay.example/" }],
        },
      ],
      unverified: { by: { id: "relay", name: `Relay ${HOSTILE}`, kind: "outlet", url: "https://relay.example/" } },
      independent_sources: 2,
    },
  ],
  corrections: [{ date: "2026-02-10T09:30:00Z", text: `Corrected the figure; ${HOSTILE}` }],
  reading_minutes: 1,
  publication: { title: "Keyfacts", url: "https://example.com/", timezone: "UTC" },
  content_html: "<p>Body paragraph with 1,200 people.</p>",
};

export const publication: Publication = {
  title: "Keyfacts",
  description: "Summaries with their key facts.",
  language: "en",
  base_url: null,
  publisher: "Keyfacts",
  timezone: "UTC",
  fediverse_handle: "keyfacts",
};

/** What the pure page renderers are given besides their own data. */
export const site = { origin: "https://example.com", publication };
