// A host site's link-to-embed script: the consumer from docs/embedding.md, verbatim from
// `async function` to its end (test/browser/embed.test.ts checks), with KEYFACTS from the page.
const KEYFACTS = document.documentElement.dataset.keyfacts;

async function embedKeyFacts(pageUrl, container) {
  const endpoint = new URL("/oembed", KEYFACTS);
  endpoint.search = new URLSearchParams({ url: pageUrl, format: "json", maxwidth: String(container.clientWidth) }).toString();
  const res = await fetch(endpoint);
  if (!res.ok) return false; // 404: not a keyfacts page; leave the link as it is
  const oembed = await res.json();
  const frame = new DOMParser().parseFromString(oembed.html, "text/html").querySelector("iframe");
  if (oembed.type !== "rich" || !frame || new URL(frame.src).origin !== endpoint.origin) return false;
  container.replaceChildren(document.importNode(frame, false));
  return true;
}

for (const container of document.querySelectorAll("p.embed")) {
  const link = container.querySelector("a");
  embedKeyFacts(link.href, container).then(
    (embedded) => container.setAttribute("data-embedded", String(embedded)),
    () => container.setAttribute("data-embedded", "error"),
  );
}
