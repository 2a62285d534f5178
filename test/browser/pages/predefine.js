// The host page's own, unrelated <key-facts>, defined before widget.js arrives.
customElements.define(
  "key-facts",
  class extends HTMLElement {
    connectedCallback() {
      this.textContent = "The host page's own key-facts element";
    }
  },
);
