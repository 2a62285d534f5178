/**
 * The editors' contract: the shape of `publication.yaml`, `sources.yaml` and a summary's
 * front matter. Structure lives here (`validate.ts` checks it, placing each error at its
 * YAML node); the rules beyond shape (known sources, figures in the body) live in
 * `summary.ts`, and real calendar dates in `text.ts`.
 * @module
 */
import { type Static, Type } from "@sinclair/typebox";
import { KEBAB_PATTERN, MAX_ID, MAX_TAG } from "../shared/limits";

/** A pragmatic BCP 47 shape: language, optional script, region and variants. */
export const BCP47 = "^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*$";
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** Dates stay strings (YAML core schema) and are checked against the calendar later. */
const DateText = Type.String({ minLength: 1, maxLength: 40 });

export const PublicationSchema = Type.Object(
  {
    title: Text(140),
    description: Text(400),
    language: Type.String({ pattern: BCP47 }),
    base_url: Type.Optional(Type.String({ maxLength: 200 })),
    publisher: Text(140),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The Fediverse handle's user part (`@<handle>@<host>`); by default made from the title. */
    fediverse_handle: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9_]{0,29}$" })),
  },
  { additionalProperties: false },
);

export const SOURCE_KINDS = [
  "outlet",
  "broadcaster",
  "news-agency",
  "intelligence-agency",
  "statistics-agency",
  "ngo",
  "intergovernmental",
  "government",
  "academic",
  "company",
  "person",
  "other",
] as const;

export const SourceEntrySchema = Type.Object(
  {
    name: Text(140),
    kind: Type.Union(SOURCE_KINDS.map((k) => Type.Literal(k))),
    country: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const SourcesFileSchema = Type.Record(Type.String(), SourceEntrySchema);

/** `tags.yaml`: tag → the name people read ("north-korea: North Korea"). */
export const TagNamesSchema = Type.Record(Type.String(), Text(60));

export const FigureInputSchema = Type.Object(
  {
    value: Type.Number(),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    period: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Integer()])),
    as_of: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Integer()])),
    approx: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SourceId = Type.String({ minLength: 1, maxLength: MAX_ID });

/**
 * How a claim travelled: `id` is where it comes from, `via` who relayed it, in order
 * (`{id: rosstat, via: [rfa, hngn]}`: Russia's statistics service, as reported by Radio Free
 * Asia, cited by HNGN). `id` is optional here only so that a chain without it gets its own
 * error, not a schema message.
 */
export const ChainInputSchema = Type.Object(
  { id: Type.Optional(SourceId), via: Type.Array(SourceId, { minItems: 1, maxItems: 5 }) },
  { additionalProperties: false },
);

export const FactInputSchema = Type.Object(
  {
    id: Type.String({ pattern: KEBAB_PATTERN, maxLength: MAX_ID }),
    text: Text(200),
    /** Each entry a source id (the short form) or a chain. */
    sources: Type.Array(
      Type.Union([SourceId, ChainInputSchema], { description: "a source id, or a chain like {id: rosstat, via: [rfa]}" }),
      {
        minItems: 1,
        maxItems: 10,
      },
    ),
    figure: Type.Optional(FigureInputSchema),
    /** A report says it could not verify the claim: `by` names that source. */
    unverified: Type.Optional(Type.Object({ by: SourceId }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const FrontMatterSchema = Type.Object(
  {
    title: Text(140),
    summary: Text(400),
    published: DateText,
    updated: Type.Optional(DateText),
    tags: Type.Array(Type.String({ pattern: KEBAB_PATTERN, maxLength: MAX_TAG }), { minItems: 1, maxItems: 8 }),
    lang: Type.Optional(Type.String({ pattern: BCP47 })),
    based_on: Type.Array(Type.String({ minLength: 1, maxLength: MAX_ID }), { minItems: 1, maxItems: 20 }),
    facts: Type.Array(FactInputSchema, { minItems: 1, maxItems: 10 }),
    corrections: Type.Optional(
      Type.Array(Type.Object({ date: DateText, text: Text(400) }, { additionalProperties: false }), {
        maxItems: 20,
      }),
    ),
  },
  { additionalProperties: false },
);

export type PublicationInput = Static<typeof PublicationSchema>;
export type SourceEntry = Static<typeof SourceEntrySchema>;
export type FrontMatter = Static<typeof FrontMatterSchema>;
export type FactInput = Static<typeof FactInputSchema>;
export type ChainInput = Static<typeof ChainInputSchema>;

/** Largest body we accept, in characters: a summary, not a report. */
export const MAX_BODY_CHARS = 20_000;
