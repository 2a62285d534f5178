/**
 * The pages of e-mail subscriptions: the subscribe form, "check your inbox", the
 * confirm button, the subscriber's own page, unsubscribe, and what a bad link gets. Plain
 * forms, no script (but Turnstile's, when it is on), in the site's layout.
 * @module
 */
import type { TagCount } from "../../shared/api-schema";
import type { FieldError } from "../../shared/problems";
import type { Preferences, Subscriber } from "../subscriptions/subscribers";
import { CADENCE_WORDS, preferencesPhrase, SUBSCRIBE_WORDING } from "../subscriptions/wording";
import { type Child, type Html, html } from "./html";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";

/** What every subscription page is rendered from: the site, and the tags a reader may choose. */
export interface SubscribeSite extends Site {
  tags: readonly TagCount[];
}

/** A page of the subscription flow; one without `path` is a token page, kept out of search engines. */
function page(site: SubscribeSite, title: string, main: Html, path?: string): string {
  const { origin, publication } = site;
  return layout(
    { origin, publication, title, description: `Get ${publication.title} by e-mail.`, path, feeds: feedLinks(origin, publication.title) },
    main,
  );
}

/** The topics and cadence fieldsets, shared by the subscribe form and the subscriber's page. */
function preferenceFields(prefs: Preferences, tags: readonly TagCount[]): Html {
  const some = prefs.topics !== "all";
  const ticked = new Set(prefs.topics === "all" ? [] : prefs.topics);
  return html`<fieldset>
      <legend>Topics</legend>
      <p class="choice"><input type="radio" id="topics-all" name="topics" value="all"${some ? "" : html` checked`}/> <label for="topics-all">Every topic, new ones included</label></p>
      <p class="choice"><input type="radio" id="topics-some" name="topics" value="some"${some ? html` checked` : ""}/> <label for="topics-some">Only the topics I tick:</label></p>
      <ul class="choices">${tags.map(
        ({ tag, count }) =>
          html`<li><input type="checkbox" id="topic-${tag}" name="topic" value="${tag}"${ticked.has(tag) ? html` checked` : ""}/> <label for="topic-${tag}">${tag} (${count})</label></li>`,
      )}</ul>
    </fieldset>
    <fieldset>
      <legend>How often</legend>
      ${(["each", "daily", "weekly"] as const).map(
        (c) =>
          html`<p class="choice"><input type="radio" id="cadence-${c}" name="cadence" value="${c}"${prefs.cadence === c ? html` checked` : ""}/> <label for="cadence-${c}">${CADENCE_WORDS[c].label}</label></p>`,
      )}
    </fieldset>`;
}

function errorList(errors: readonly FieldError[]): Child {
  if (errors.length === 0) return "";
  return html`<div class="form-errors" role="alert"><h2>Please check the form</h2><ul>${errors.map((e) => html`<li>${e.field === "email" ? e.message : `${e.field}: ${e.message}`}</li>`)}</ul></div>`;
}

export interface SubscribeFormProps {
  site: SubscribeSite;
  prefs: Preferences;
  typed?: string;
  errors?: readonly FieldError[];
  /** Turnstile's site key when it is on. */
  turnstile?: string;
}

/** `/subscribe`: the form. */
export function subscribeFormPage({ site, prefs, typed = "", errors = [], turnstile }: SubscribeFormProps): string {
  return page(
    site,
    "Subscribe by e-mail",
    html`<h1>Get ${site.publication.title} by e-mail</h1>
      <p class="lede">Every new summary with its key facts and their sources, in your inbox: as it is published or as a digest, on every topic or only some.</p>
      ${errorList(errors)}
      <form class="form" method="post" action="/subscribe">
        <p><label for="email">Your e-mail address</label> <input id="email" name="email" type="email" required autocomplete="email" maxlength="320" value="${typed}"/></p>
        ${preferenceFields(prefs, site.tags)}
        <div hidden><label for="website">Leave this field empty</label> <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/></div>
        ${turnstile && html`<div class="cf-turnstile" data-sitekey="${turnstile}"></div><script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>`}
        <p class="meta">${SUBSCRIBE_WORDING}</p>
        <p><button type="submit">Subscribe</button></p>
      </form>
      <p>Rather use a feed reader? <a href="/feeds">Every feed</a> has the same summaries.</p>`,
    "/subscribe",
  );
}

/** The one answer to every subscribe, whatever the address. */
export function checkInboxPage(site: SubscribeSite): string {
  return page(
    site,
    "Check your inbox",
    html`<h1>Check your inbox</h1>
      <p class="lede">If the address can receive mail, a message with a link to confirm is on its way. Nothing is sent before you confirm.</p>
      <p>The link works for 48 hours. No mail after a few minutes? Look in your spam folder, or <a href="/subscribe">try again</a> (we send at most one message every 10 minutes).</p>`,
  );
}

/** A button that POSTs to `action` (a token link), so that a mail scanner fetching the link changes nothing. */
const postButton = (action: string, label: string, hidden: Child = "", quiet = false) =>
  html`<form class="form" method="post" action="${action}">${hidden}<p><button type="submit"${quiet ? html` class="quiet"` : ""}>${label}</button></p></form>`;

export function confirmPage(site: SubscribeSite, action: string, prefs: Preferences): string {
  return page(
    site,
    "Confirm your subscription",
    html`<h1>Confirm your subscription</h1>
      <p class="lede">You asked for ${preferencesPhrase(prefs)}.</p>
      ${postButton(action, "Confirm my subscription")}`,
  );
}

export function confirmedPage(site: SubscribeSite, manageUrl: string, already: boolean): string {
  return page(
    site,
    already ? "Already confirmed" : "You are subscribed",
    html`<h1>${already ? "You were already subscribed" : "You are subscribed"}</h1>
      <p class="lede">${already ? "This address was confirmed before; nothing has changed." : `Thank you. The next summary will come to your inbox.`}</p>
      <p><a href="${manageUrl}">Your subscription</a>: change topics or how often mail comes, download what we hold, unsubscribe or erase it. Every mail links to it too.</p>`,
  );
}

const STATUS_WORDS: Record<Subscriber["status"], string> = {
  pending: "waiting for you to confirm from the mail we sent",
  confirmed: "subscribed",
  unsubscribed: "unsubscribed: we send you nothing",
  suppressed: "paused: mail to this address bounced, so we send nothing",
};

const NOTICES: Record<string, string> = {
  saved: "Saved: your topics and cadence are changed.",
  unsubscribed: "You are unsubscribed. We send you nothing more.",
  resubscribed: "You are subscribed again.",
};

/** `/subscription`: the subscriber's own page. */
export function managePage(site: SubscribeSite, action: string, s: Subscriber, done: string | undefined): string {
  const notice = done === undefined ? undefined : NOTICES[done];
  const active = s.status === "pending" || s.status === "confirmed";
  const act = (name: string) => html`<input type="hidden" name="action" value="${name}"/>`;
  return page(
    site,
    "Your subscription",
    html`<h1>Your subscription</h1>
      <p class="lede">${s.address}: ${STATUS_WORDS[s.status]}.</p>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <section aria-labelledby="prefs-h">
        <h2 id="prefs-h">What you get</h2>
        <form class="form" method="post" action="${action}">${act("preferences")}${preferenceFields(s, site.tags)}<p><button type="submit">Save</button></p></form>
      </section>
      <section aria-labelledby="data-h">
        <h2 id="data-h">What we hold</h2>
        <p>Your address, your topics and cadence, the state of your subscription and when you agreed to what, on which form. No IP address, and no record of what you open or click.</p>
        ${postButton(action, "Download it all (JSON)", act("export"), true)}
      </section>
      <section aria-labelledby="stop-h">
        <h2 id="stop-h">${active ? "Stop" : "Start again"}</h2>
        ${
          active
            ? postButton(action, "Unsubscribe", act("unsubscribe"))
            : s.status === "unsubscribed" && postButton(action, "Subscribe again", act("resubscribe"))
        }
        <form class="form" method="post" action="${action}">${act("erase")}
          <p class="choice"><input type="checkbox" id="sure" name="sure" value="yes" required/> <label for="sure">I understand that erasing deletes everything we hold about me, at once and for good.</label></p>
          <p><button type="submit" class="quiet">Erase everything</button></p>
        </form>
      </section>`,
  );
}

export function erasedPage(site: SubscribeSite): string {
  return page(
    site,
    "Erased",
    html`<h1>Erased</h1>
      <p class="lede">We deleted your address, your preferences and your consent records. Every link we sent you has stopped working.</p>
      <p>You can <a href="/subscribe">subscribe again</a> at any time.</p>`,
  );
}

export function unsubscribePage(site: SubscribeSite, action: string): string {
  return page(
    site,
    "Unsubscribe",
    html`<h1>Unsubscribe from ${site.publication.title}?</h1>
      <p class="lede">One press and we send you nothing more.</p>
      ${postButton(action, "Unsubscribe")}`,
  );
}

export function unsubscribedPage(site: SubscribeSite, manageUrl: string): string {
  return page(
    site,
    "Unsubscribed",
    html`<h1>You are unsubscribed</h1>
      <p class="lede">We send you nothing more.</p>
      <p>Changed your mind, or want us to forget you altogether? <a href="${manageUrl}">Your subscription</a> lets you subscribe again or erase everything.</p>`,
  );
}

/** A link that cannot be used (malformed, forged, expired, another action's, erased) or another refusal. */
export function refusalPage(site: SubscribeSite, title: string, detail: string): string {
  return page(
    site,
    title,
    html`<h1>${title}</h1>
      <p class="lede">${detail}</p>
      <p><a href="/subscribe">Subscribe</a> again to get a fresh link, or go to <a href="/">the front page</a>.</p>`,
  );
}
