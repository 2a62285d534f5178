/** The publication and sources that every invented content folder of the tests starts from. */

export const PUBLICATION = `title: Example Weekly
description: An example publication used by the tests.
language: en
publisher: Example Publisher
`;

export const SOURCES = `example-news:
  name: Example News
  kind: outlet
  url: https://example.org/news
example-stats:
  name: Example Statistics Office
  kind: statistics-agency
  country: GB
`;
