// The front page's live card (served as /demo.js): reserves the card's height for its width,
// then loads widget.js only when the demo comes near the viewport, so the page renders and
// settles without it and nothing moves when the card arrives.
const demo = document.querySelector(".demo[data-heights]");
const card = demo?.querySelector("key-facts");
if (demo && card) {
  // [[width, height], …] by rising width, estimated by the server (src/worker/pages/card-size.ts):
  // the height at the widest width not wider than the card, so the estimate errs towards room.
  const heights = JSON.parse(demo.dataset.heights);
  const width = card.getBoundingClientRect().width;
  const fit = heights.filter(([w]) => w <= width).pop() ?? heights[0];
  // Through the CSSOM: the pages' CSP refuses style="" attributes, not this.
  card.style.setProperty("--key-facts-min-height", `${fit[1]}px`);
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      near.disconnect();
      import("/widget.js");
    },
    { rootMargin: "25% 0px" },
  );
  near.observe(demo);
}
