/** Summary bodies: CommonMark to safe HTML (raw HTML shown as text, only http(s) links). */
import MarkdownIt from "markdown-it";

const md = new MarkdownIt("commonmark", { html: false, linkify: false, typographer: false });
// Images would load third-party content into our pages, feeds and cards: not in a summary.
md.disable("image");
// Only web links become links; `javascript:`, `data:`, relative and other schemes stay text.
md.validateLink = (url: string) => /^https?:\/\/[^\s]+$/i.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Readers leave for a third-party site: do not pass our page on as referrer context.
  tokens[idx]?.attrSet("rel", "noopener noreferrer");
  return defaultLinkOpen ? defaultLinkOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};

export function renderBody(markdown: string): string {
  return md.render(markdown);
}

/** Minutes at 220 words a minute, at least one. */
export function readingMinutes(markdown: string): number {
  const words = markdown.split(/\s+/u).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / 220));
}
