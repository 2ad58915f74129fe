// A module resolve hook (node:module register): a bare import that the normal ES-module
// resolution cannot find is looked up again in each NODE_PATH directory, in order, the way
// require() would have found it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let parents = [];

export function initialize({ dirs }) {
  // Resolving from a file directly inside a NODE_PATH directory looks in that directory
  // (its packages) once the node_modules beneath it turn up nothing. The file need not exist.
  parents = dirs.map((dir) => pathToFileURL(path.join(path.resolve(dir), 'wsgate-resolve-from.mjs')).href);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw e;
    for (const parentURL of parents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch (again) {
        if (again?.code !== 'ERR_MODULE_NOT_FOUND') throw again;
      }
    }
    throw e;
  }
}

function isBare(specifier) {
  return !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}
