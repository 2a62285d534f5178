/**
 * The JSON contract of `/api/v1`: one schema per response shape, shared by the worker
 * (types only), the widget (types only) and the OpenAPI generator (schemas at build time).
 *
 * The worker and widget use `import type`, so TypeBox never reaches their bundles.
 * @module
 */
import { type Static, Type } from "@sinclair/typebox";
import { CADENCES, KEBAB_PATTERN, MAX_EMAIL_FIELD, MAX_TAG, MAX_TURNSTILE_TOKEN } from "./limits";

const DateTime = Type.String({ format: "date-time", description: "RFC 3339 date-time" });
const AbsoluteUrl = Type.String({ format: "uri", description: "Absolute URL" });

const sourceFields = {
  id: Type.String({ description: "Registry id, e.g. `nis`" }),
  name: Type.String(),
  kind: Type.String({ description: "outlet, broadcaster, intelligence-agency, …" }),
  url: Type.Union([AbsoluteUrl, Type.Null()]),
};

export const SourceSchema = Type.Object(sourceFields, { $id: "Source", additionalProperties: false });

export const FigureSchema = Type.Object(
  {
    value: Type.Number(),
    unit: Type.Union([Type.String(), Type.Null()]),
    period: Type.Union([Type.String(), Type.Null()]),
    as_of: Type.Union([Type.String(), Type.Null()]),
    approx: Type.Boolean({ description: "True where the source hedges the figure" }),
  },
  { $id: "Figure", additionalProperties: false },
);

/** A source a fact is attributed to: where the claim comes from, and who passed it on. */
export const FactSourceSchema = Type.Object(
  {
    ...sourceFields,
    via: Type.Array(Type.Ref(SourceSchema), {
      description:
        "How the claim travelled, in order: the first reported it from this source, each next one cited the one before. Empty when the source was read directly.",
    }),
  },
  { $id: "FactSource", additionalProperties: false },
);

const factFields = {
  id: Type.String({ description: "Stable over edits, unique within its summary" }),
  text: Type.String(),
  figure: Type.Union([Type.Ref(FigureSchema), Type.Null()]),
  sources: Type.Array(Type.Ref(FactSourceSchema), { minItems: 1 }),
  unverified: Type.Union([Type.Object({ by: Type.Ref(SourceSchema) }, { additionalProperties: false }), Type.Null()], {
    description: "Set when a report says it could not verify the claim: `by` is that report's source",
  }),
  independent_sources: Type.Integer({
    minimum: 1,
    description: "How many distinct origins (first links of the sources' chains) the fact has",
  }),
};

export const FactSchema = Type.Object(factFields, { $id: "Fact", additionalProperties: false });

export const CorrectionSchema = Type.Object({ date: DateTime, text: Type.String() }, { $id: "Correction", additionalProperties: false });

export const PublicationRef = Type.Object(
  {
    title: Type.String(),
    url: AbsoluteUrl,
    timezone: Type.String({ description: "IANA time zone the publication dates its summaries in, e.g. `Europe/Berlin`; `UTC` by default" }),
  },
  { $id: "PublicationRef", additionalProperties: false, description: "The publication a summary belongs to" },
);

const summaryFields = {
  slug: Type.String(),
  url: AbsoluteUrl,
  title: Type.String(),
  summary: Type.String(),
  published: DateTime,
  updated: Type.Union([DateTime, Type.Null()]),
  lang: Type.String({ description: "BCP 47 language tag" }),
  dir: Type.Union([Type.Literal("ltr"), Type.Literal("rtl")]),
  tags: Type.Array(Type.String()),
  based_on: Type.Array(Type.Ref(SourceSchema)),
  facts: Type.Array(Type.Ref(FactSchema)),
  corrections: Type.Array(Type.Ref(CorrectionSchema)),
  reading_minutes: Type.Integer({ minimum: 1 }),
  publication: Type.Ref(PublicationRef),
};

export const SummaryListItemSchema = Type.Object(summaryFields, {
  $id: "SummaryListItem",
  additionalProperties: false,
});

export const SummarySchema = Type.Object(
  { ...summaryFields, content_html: Type.String({ description: "Sanitised HTML of the body" }) },
  { $id: "Summary", additionalProperties: false },
);

export const SummaryListSchema = Type.Object(
  {
    items: Type.Array(Type.Ref(SummaryListItemSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "SummaryList", additionalProperties: false },
);

export const FactItemSchema = Type.Object(
  {
    ...factFields,
    summary: Type.Object(
      {
        slug: Type.String(),
        url: AbsoluteUrl,
        title: Type.String(),
        published: DateTime,
        lang: Type.String(),
        dir: Type.Union([Type.Literal("ltr"), Type.Literal("rtl")]),
        tags: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { $id: "FactItem", additionalProperties: false },
);

export const FactListSchema = Type.Object(
  {
    items: Type.Array(Type.Ref(FactItemSchema)),
    publication: Type.Ref(PublicationRef),
    name: Type.Optional(Type.String({ description: "With `tag`: the tag's display name, e.g. `North Korea`" })),
    next_cursor: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: "With `source`: the cursor of the next page, null on the last" }),
    ),
  },
  { $id: "FactList", additionalProperties: false },
);

export const TagCountSchema = Type.Object(
  {
    tag: Type.String(),
    name: Type.String({ description: "What people read, from `content/tags.yaml`, else the tag's words (`north korea`)" }),
    count: Type.Integer({ minimum: 1 }),
  },
  { $id: "TagCount", additionalProperties: false },
);

export const TagListSchema = Type.Array(Type.Ref(TagCountSchema), { $id: "TagList" });

export const SourceInfoSchema = Type.Object(
  {
    ...sourceFields,
    country: Type.Union([Type.String({ description: "ISO 3166-1 alpha-2" }), Type.Null()]),
    facts: Type.Integer({ minimum: 0, description: "How many key facts name this source, as their origin or as a relay" }),
    origin_of: Type.Integer({ minimum: 0, description: "How many of them it is the origin (first link) of; it relays the rest" }),
    page: AbsoluteUrl,
  },
  { $id: "SourceInfo", additionalProperties: false },
);

export const SourceListSchema = Type.Object(
  { items: Type.Array(Type.Ref(SourceInfoSchema)) },
  { $id: "SourceList", additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "URI reference naming the problem type" }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false }))),
  },
  { $id: "Problem", additionalProperties: true },
);

export const SubscriptionRequestSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: MAX_EMAIL_FIELD, description: "The address to subscribe; checked as mail systems do" }),
    topics: Type.Optional(
      Type.Union(
        [Type.Literal("all"), Type.Array(Type.String({ pattern: KEBAB_PATTERN, maxLength: MAX_TAG }), { minItems: 1, uniqueItems: true })],
        {
          description: '"all" (the default: every tag, new ones too) or some of the tags `/api/v1/tags` lists',
        },
      ),
    ),
    cadence: Type.Optional(
      Type.Union(
        CADENCES.map((c) => Type.Literal(c)),
        { description: "each summary as it is published (the default), or a daily or weekly digest" },
      ),
    ),
    turnstile_token: Type.Optional(
      Type.String({
        maxLength: MAX_TURNSTILE_TOKEN,
        description: "A Cloudflare Turnstile response, required when the publication turns Turnstile on",
      }),
    ),
  },
  { $id: "SubscriptionRequest", additionalProperties: false },
);

export const SubscriptionAcceptedSchema = Type.Object(
  {
    status: Type.Literal("check-inbox"),
    detail: Type.String(),
  },
  {
    $id: "SubscriptionAccepted",
    additionalProperties: false,
    description: "The same answer whatever the address's state, so nobody can learn who subscribes",
  },
);

/** Every named schema, in the order OpenAPI lists them under `components.schemas`. */
export const apiSchemas = [
  PublicationRef,
  SourceSchema,
  FactSourceSchema,
  FigureSchema,
  FactSchema,
  CorrectionSchema,
  SummaryListItemSchema,
  SummarySchema,
  SummaryListSchema,
  FactItemSchema,
  FactListSchema,
  TagCountSchema,
  TagListSchema,
  SourceInfoSchema,
  SourceListSchema,
  ProblemSchema,
  SubscriptionRequestSchema,
  SubscriptionAcceptedSchema,
] as const;

export type Source = Static<typeof SourceSchema>;
export type Figure = Static<typeof FigureSchema>;
export type Fact = Static<typeof FactSchema>;
export type FactSource = Static<typeof FactSourceSchema>;
export type Correction = Static<typeof CorrectionSchema>;
export type SummaryListItem = Static<typeof SummaryListItemSchema>;
export type Summary = Static<typeof SummarySchema>;
export type SummaryList = Static<typeof SummaryListSchema>;
export type FactItem = Static<typeof FactItemSchema>;
export type FactList = Static<typeof FactListSchema>;
export type TagCount = Static<typeof TagCountSchema>;
export type SourceInfo = Static<typeof SourceInfoSchema>;
export type SourceList = Static<typeof SourceListSchema>;
export type PublicationRefT = Static<typeof PublicationRef>;
export type Problem = Static<typeof ProblemSchema>;
export type SubscriptionRequest = Static<typeof SubscriptionRequestSchema>;
export type SubscriptionAccepted = Static<typeof SubscriptionAcceptedSchema>;
