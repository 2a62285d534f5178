// activitystrea.ms 4.0.0 (required by @evanp/activitypub-bot 0.51.x) is not
// available from the registry this machine reaches; 3.1.0 is. This shim adds
// the two 4.x behaviours the bot framework relies on:
//  1. as2.registerContext(url, doc): pre-load a JSON-LD context so that
//     import() AND export()/write() never fetch it over the network. 3.1.0 has
//     one Loader per use (Loader.defaultInstance for import, a private
//     `new Loader()` for compaction), so we patch Loader.prototype.makeDocLoader
//     BEFORE the main module loads, to consult one shared registry first.
//  2. export({ useOriginalContext: true }) must compact with the context the
//     object was imported with. 3.1.0 reads environment.origContext, but
//     Environment only defines the getter `originalContext`, so the option is
//     silently ignored and e.g. actors come out with expanded
//     "https://w3id.org/security#publicKey" keys. Alias the getter.
const Loader = require("activitystrea.ms-v3/src/contextloader");
const Environment = require("activitystrea.ms-v3/src/environment");

const registered = Object.create(null);
const origMakeDocLoader = Loader.prototype.makeDocLoader;
Loader.prototype.makeDocLoader = function makeDocLoader() {
  const inner = origMakeDocLoader.call(this);
  return async (url) => {
    if (registered[url]) {
      return { contextUrl: null, document: registered[url], documentUrl: url };
    }
    return inner(url);
  };
};

if (!Object.getOwnPropertyDescriptor(Environment.prototype, "origContext")) {
  Object.defineProperty(Environment.prototype, "origContext", {
    get() {
      return this.originalContext;
    },
  });
}

const as2 = require("activitystrea.ms-v3");
if (typeof as2.registerContext !== "function") {
  as2.registerContext = function registerContext(url, context) {
    registered[url] = context;
    return as2;
  };
}
// 3. obj.isActivity() (4.x) — used by the inbox routes and the remote object
//    cache; 3.1.0 models have no such method.
if (typeof as2.models.Base.prototype.isActivity !== "function") {
  as2.models.Base.prototype.isActivity = function isActivity() {
    return this.get("actor") != null && this.get("actor") !== undefined; // 3.1.0 has no Activity class to test; activities carry an actor
  };
}
module.exports = as2;
