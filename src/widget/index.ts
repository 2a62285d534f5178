/** The entry of `widget.js`: defines `<key-facts>`. The bundle inlines the dynamic import: still one file, one request. */
import { define } from "./define";

void define("key-facts", () => import("./key-facts").then((m) => m.KeyFacts));
