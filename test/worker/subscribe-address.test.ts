/** Addresses as mail systems take them: a table of good and bad ones, run in workerd. */
import { describe, expect, it } from "vitest";
import { isAddress, parseAddress } from "../../src/worker/subscriptions/address";

/** [typed, stored]: accepted, and stored as the second column. */
const GOOD: [string, string][] = [
  ["ann@example.com", "ann@example.com"],
  ["Ann@Example.COM", "Ann@example.com"],
  ["  ann@example.com\t", "ann@example.com"],
  ["ann.lee@example.com", "ann.lee@example.com"],
  ["ann+news@example.com", "ann+news@example.com"],
  ["ann_lee-1@mail.example.co.uk", "ann_lee-1@mail.example.co.uk"],
  ["o'brien@example.ie", "o'brien@example.ie"],
  ["a'or'1'='1@example.com", "a'or'1'='1@example.com"],
  ["x@example.museum", "x@example.museum"],
  ["1234@example.com", "1234@example.com"],
  ["!#$%&*+/=?^_`{|}~-@example.org", "!#$%&*+/=?^_`{|}~-@example.org"],
  ["user@sub-domain.example.com", "user@sub-domain.example.com"],
  ["user@xn--bcher-kva.example", "user@xn--bcher-kva.example"],
  ["user@bücher.example", "user@xn--bcher-kva.example"],
  ["user@BÜCHER.example", "user@xn--bcher-kva.example"],
  ["josé@example.es", "josé@example.es"],
  ["用户@例子.测试", "用户@xn--fsqu00a.xn--0zwm56d"],
  ["user@müller.de", "user@xn--mller-kva.de"],
  ["a@b.co", "a@b.co"],
  [`${"a".repeat(64)}@example.com`, `${"a".repeat(64)}@example.com`],
  [`ann@${"d".repeat(63)}.example.com`, `ann@${"d".repeat(63)}.example.com`],
  ["ann@example.com.au", "ann@example.com.au"],
];

/** Refused, with why. */
const BAD: [string, string][] = [
  ["", "empty"],
  ["   ", "only spaces"],
  ["ann", "no @"],
  ["ann.example.com", "no @"],
  ["ann@@example.com", "two @"],
  ["ann@bob@example.com", "two @"],
  ['"ann lee"@example.com', "quoted local part with a space"],
  ["ann lee@example.com", "space in the local part"],
  ["ann@example.com\r\nBcc: victim@example.org", "header injection"],
  ["ann@example.com\nX: y", "line feed"],
  ["ann\u0000@example.com", "NUL"],
  ["ann\u200b@example.com", "zero-width space"],
  ["ann\u202e@example.com", "bidi override"],
  ["@example.com", "empty local part"],
  ["ann@", "empty domain"],
  [".ann@example.com", "leading dot"],
  ["ann.@example.com", "trailing dot"],
  ["ann..lee@example.com", "two dots"],
  ["ann(comment)@example.com", "parentheses"],
  ["ann,lee@example.com", "comma"],
  ["ann;lee@example.com", "semicolon"],
  ["<ann@example.com>", "angle brackets"],
  ["ann@localhost", "domain without a dot"],
  ["ann@example", "domain without a dot"],
  ["ann@example.com.", "trailing dot in the domain"],
  ["ann@.example.com", "leading dot in the domain"],
  ["ann@example..com", "empty label"],
  ["ann@-example.com", "label starting with a hyphen"],
  ["ann@example-.com", "label ending with a hyphen"],
  ["ann@exa_mple.com", "underscore in the domain"],
  ["ann@[192.168.0.1]", "address literal"],
  ["ann@192.168.0.1", "IP address"],
  ["ann@example.com/path", "URL syntax in the domain"],
  ["ann@exa%6dple.com", "percent-encoding in the domain"],
  ["ann@example.com:25", "port"],
  [`${"a".repeat(65)}@example.com`, "local part over 64 octets"],
  [`${"é".repeat(33)}@example.com`, "local part over 64 octets in UTF-8"],
  [`ann@${"d".repeat(64)}.example.com`, "label over 63"],
  [`ann@${Array.from({ length: 5 }, () => "d".repeat(60)).join(".")}.com`, "domain over 253"],
  [`${"a".repeat(64)}@${Array.from({ length: 4 }, () => "d".repeat(47)).join(".")}.com`, "address over 254"],
  ["a".repeat(5000), "very long"],
  ["ann@xn--.com", "broken punycode"],
];

describe("e-mail addresses", () => {
  it("has a table of at least 40", () => {
    expect(GOOD.length + BAD.length).toBeGreaterThanOrEqual(40);
  });

  it.each(GOOD)("accepts %j as %j", (typed, stored) => {
    const parsed = parseAddress(typed);
    expect(isAddress(parsed) && parsed.address).toBe(stored);
  });

  it.each(BAD)("refuses %j (%s) with a reason", (typed) => {
    const parsed = parseAddress(typed);
    expect(isAddress(parsed)).toBe(false);
    expect("problem" in parsed && parsed.problem.length).toBeGreaterThan(10);
  });

  it("makes one subscriber of addresses that differ only in case", () => {
    const keys = ["Ann@Example.COM", "ann@example.com", "ANN@EXAMPLE.COM"].map((a) => {
      const p = parseAddress(a);
      return isAddress(p) ? p.key : a;
    });
    expect(new Set(keys)).toEqual(new Set(["ann@example.com"]));
  });
});
