/**
 * How the fediverse worker fetches remote documents (actors, keys, objects): Fedify's own steps
 * (its preloaded JSON-LD contexts, its check that an address is public, its parsing of the
 * answer, its signing of GETs for instances that ask for signed fetches), with what its default
 * loader lacks: a time limit and a size limit on every fetch. Redirects are followed by hand, each
 * target checked again, at most five.
 * @module
 */
import { signRequest } from "@fedify/fedify";
import {
  type AuthenticatedDocumentLoaderFactory,
  createActivityPubRequest,
  type DocumentLoader,
  type DocumentLoaderFactory,
  FetchError,
  getRemoteDocument,
  getUserAgent,
  preloadedContexts,
  type RemoteDocument,
  validatePublicUrl,
} from "@fedify/vocab-runtime";
import { readBounded } from "../worker/lib/bounded";

/** A remote document may take this long to arrive… */
export const FETCH_MS = 10_000;
/** …and be this large (Mastodon's actors are a few KB). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;

interface LoaderOptions {
  /** Local peers only (FEDIVERSE_LOCAL): loopback and private addresses may be fetched. */
  allowPrivateAddress: boolean;
  /** Signs each GET as the publication (for instances that require signed fetches). */
  identity?: { keyId: URL; privateKey: CryptoKey };
}

const userAgent = getUserAgent({ software: "keyfacts" });

function loader({ allowPrivateAddress, identity }: LoaderOptions): DocumentLoader {
  const load = async (url: string, signal?: AbortSignal, redirects = 0, visited = new Set<string>()): Promise<RemoteDocument> => {
    const href = new URL(url).href;
    if (Object.hasOwn(preloadedContexts, href)) return { contextUrl: null, document: preloadedContexts[href], documentUrl: href };
    if (!allowPrivateAddress) await validatePublicUrl(href);
    visited.add(href);
    let request = createActivityPubRequest(href, { userAgent });
    if (identity !== undefined) request = await signRequest(request, identity.privateKey, identity.keyId);
    const timeout = AbortSignal.timeout(FETCH_MS);
    const response = await fetch(request, {
      redirect: "manual",
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const next = new URL(location, href).href;
      if (redirects >= MAX_REDIRECTS || visited.has(next)) throw new FetchError(href, `Too many redirections, or a loop: ${href}`);
      return load(next, signal, redirects + 1, visited);
    }
    const body = await readBounded(response.body, response.headers.get("Content-Length"), MAX_DOCUMENT_BYTES);
    if (body === undefined) throw new FetchError(href, `Document larger than ${MAX_DOCUMENT_BYTES} bytes: ${href}`);
    const bounded = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    return getRemoteDocument(href, bounded, (next) => load(next, signal, redirects + 1, visited));
  };
  return (url, options) => load(url, options?.signal ?? undefined);
}

/** The three loaders Fedify takes: documents, JSON-LD contexts, and documents fetched signed. */
export function loaders(allowPrivateAddress: boolean): {
  documentLoaderFactory: DocumentLoaderFactory;
  contextLoaderFactory: DocumentLoaderFactory;
  authenticatedDocumentLoaderFactory: AuthenticatedDocumentLoaderFactory;
} {
  const plain = loader({ allowPrivateAddress });
  return {
    documentLoaderFactory: () => plain,
    contextLoaderFactory: () => plain,
    authenticatedDocumentLoaderFactory: (identity) => loader({ allowPrivateAddress, identity }),
  };
}
