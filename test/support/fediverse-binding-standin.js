/**
 * The FEDIVERSE service binding of the app and reader workers in the workers tests (vitest.config.ts): answers
 * what it was handed (method, URL, body, Accept) as JSON, so a test can tell which paths the main
 * worker forwards and that nothing is lost on the way. The fediverse worker itself is tested in
 * its own project (test/fediverse), and the two together under wrangler dev (test/e2e).
 */
export default {
  async fetch(request) {
    return Response.json(
      {
        method: request.method,
        url: request.url,
        accept: request.headers.get("Accept"),
        body: request.method === "POST" ? await request.text() : null,
      },
      { status: 200, headers: { "Content-Type": "application/activity+json", "X-Fediverse-Standin": "1" } },
    );
  },
};
