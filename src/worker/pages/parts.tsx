/** Small pieces the pages share: dates, sources, fact lists, summary teasers, feed lists, code snippets. */
import type { Fact, Source, Summary } from "../../shared/api-schema";
import { humanDate } from "./format";
import type { FeedLink } from "./links";

export function Time(props: { iso: string; lang: string }) {
  return <time datetime={props.iso}>{humanDate(props.iso, props.lang)}</time>;
}

/** A source's name, linked when the registry gives it a URL (the build allows only `https:`). */
export function SourceName(props: { source: Source }) {
  const { source } = props;
  return source.url ? <a href={source.url}>{source.name}</a> : <span>{source.name}</span>;
}

/** "Source: A, B" under a fact. */
export function Sources(props: { sources: readonly Source[] }) {
  return (
    <span class="fact-sources">
      {props.sources.length > 1 ? "Sources: " : "Source: "}
      {props.sources.map((s, i) => (
        <>
          {i > 0 && ", "}
          <SourceName source={s} />
        </>
      ))}
    </span>
  );
}

/** Key facts, each with who it is attributed to. `idPrefix` gives each an anchor (`#fact-<id>`). */
export function FactList(props: { facts: readonly Fact[]; compact?: boolean; anchors?: boolean }) {
  return (
    <ol class={props.compact ? "facts glance" : "facts"}>
      {props.facts.map((f) => (
        <li id={props.anchors ? `fact-${f.id}` : undefined}>
          {f.text} <Sources sources={f.sources} />
        </li>
      ))}
    </ol>
  );
}

export function TagList(props: { tags: readonly string[] }) {
  return (
    <ul class="tags">
      {props.tags.map((t) => (
        <li>
          <a href={`/tags/${t}`}>{t}</a>
        </li>
      ))}
    </ul>
  );
}

/** A summary in a list: title, date, the summary and its key facts at a glance. */
export function SummaryTeaser(props: { summary: Summary }) {
  const s = props.summary;
  const path = `/summaries/${s.slug}`;
  return (
    <li lang={s.lang} dir={s.dir}>
      <article>
        <h3>
          <a href={path}>{s.title}</a>
        </h3>
        <p class="meta">
          <Time iso={s.published} lang={s.lang} />
          <span>
            {s.facts.length} key {s.facts.length === 1 ? "fact" : "facts"}
          </span>
        </p>
        <p>{s.summary}</p>
        <FactList facts={s.facts} compact />
        <TagList tags={s.tags} />
      </article>
    </li>
  );
}

export function FeedList(props: { feeds: readonly FeedLink[] }) {
  return (
    <ul class="feeds">
      {props.feeds.map((f) => (
        <li>
          <a href={f.href} type={f.type}>
            {f.format}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A snippet to copy: shown as escaped code, selected whole by one click (CSS `user-select: all`), no script. */
export function Snippet(props: { heading: string; code: string; note: string }) {
  return (
    <section class="snippet">
      <h3>{props.heading}</h3>
      <p>{props.note}</p>
      <pre>
        <code>{props.code}</code>
      </pre>
    </section>
  );
}
