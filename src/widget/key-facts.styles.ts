/** The widget's styles: the shared card stylesheet as one constructable sheet, adopted by every card's shadow root. */
import { cardCss } from "../shared/card-styles";

let sheet: CSSStyleSheet[] | undefined;

/**
 * Adopted sheets are not inline `<style>`, so host pages need no `style-src` exception.
 * Where constructable sheets are missing the card renders unstyled rather than throwing.
 */
export function cardSheets(): CSSStyleSheet[] {
  if (!sheet) {
    try {
      const s = new CSSStyleSheet();
      s.replaceSync(cardCss);
      sheet = [s];
    } catch {
      sheet = [];
    }
  }
  return sheet;
}
