/**
 * The one cleaning of text bound for a mail header (a subject, a sender's name): no control
 * character, line break or separator gets through, so no text can start a header of its own.
 * @module
 */

/** Control characters (CR and LF above all) and line or paragraph separators become one space. */
export const headerText = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ");
