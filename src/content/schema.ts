/**
 * The editors' contract: the shape of `publication.yaml`, `sources.yaml` and a summary's
 * front matter. Structure lives here; rules that need the whole archive (known sources,
 * real dates, figures in the body) live in `validate.ts`.
 * @module
 */
import { type Static, Type } from "@sinclair/typebox";

const Kebab = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
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

export const FactInputSchema = Type.Object(
  {
    id: Type.String({ pattern: Kebab, maxLength: 64 }),
    text: Text(200),
    sources: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 10 }),
    figure: Type.Optional(FigureInputSchema),
  },
  { additionalProperties: false },
);

export const FrontMatterSchema = Type.Object(
  {
    title: Text(140),
    summary: Text(400),
    published: DateText,
    updated: Type.Optional(DateText),
    tags: Type.Array(Type.String({ pattern: Kebab, maxLength: 40 }), { minItems: 1, maxItems: 8 }),
    lang: Type.Optional(Type.String({ pattern: BCP47 })),
    based_on: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 }),
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

/** Largest body we accept, in characters: a summary, not a report. */
export const MAX_BODY_CHARS = 20_000;
export const KEBAB = new RegExp(Kebab);
