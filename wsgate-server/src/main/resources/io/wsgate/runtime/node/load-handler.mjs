// Finds and loads the function named by _HANDLER the way Lambda's Node.js runtime does:
// "dir/file.export" (the export may be a dotted path), file.js, file.mjs or file.cjs under
// LAMBDA_TASK_ROOT, CommonJS through require and ES modules through import().
import fs from 'node:fs';
import path from 'node:path';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** An init failure with Lambda's error type; `cause` keeps the original error for its stack. */
export class InitError extends Error {
  constructor(errorType, message, cause) {
    super(message);
    this.name = errorType;
    this.cause = cause;
  }
}

/** Loads the handler function, or throws an InitError (or the module's own top-level error). */
export async function loadHandler(taskRoot, handlerString) {
  const { modulePath, exportPath } = split(handlerString);
  const file = findFile(taskRoot, modulePath);
  if (file === undefined) {
    throw new InitError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${modulePath}' (looked for ${EXTENSIONS.map((e) => modulePath + e).join(', ')} in ${taskRoot})`,
    );
  }
  const exports = await importFile(file);
  let handler = exports;
  for (const key of exportPath) handler = handler == null ? undefined : handler[key];
  if (handler === undefined || handler === null) {
    throw new InitError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new InitError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler;
}

function split(handlerString) {
  const base = handlerString.lastIndexOf('/') + 1;
  const dot = handlerString.indexOf('.', base);
  if (dot < 0 || dot === handlerString.length - 1) {
    throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  }
  return {
    modulePath: handlerString.slice(0, dot),
    exportPath: handlerString.slice(dot + 1).split('.'),
  };
}

function findFile(taskRoot, modulePath) {
  for (const ext of EXTENSIONS) {
    const file = path.resolve(taskRoot, modulePath + ext);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

async function importFile(file) {
  try {
    if (isEsModule(file)) {
      registerNodePathFallback();
      return await import(pathToFileURL(file).href);
    }
    return createRequire(file)(file);
  } catch (e) {
    throw asInitError(e);
  }
}

function asInitError(e) {
  if (e instanceof SyntaxError) return new InitError('Runtime.UserCodeSyntaxError', String(e), e);
  if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
    return new InitError('Runtime.ImportModuleError', String(e), e);
  }
  // Anything else thrown while the module runs its top level is reported as itself, as Lambda does.
  return e;
}

function isEsModule(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  // A .js file is what the nearest package.json's "type" says.
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

// ES modules ignore NODE_PATH, so a handler whose packages (say the AWS SDK) live in a directory
// named there, not in its own node_modules, would fail to import. The hook retries such imports
// from each NODE_PATH directory; registered only for ES-module handlers, since it starts a thread.
function registerNodePathFallback() {
  const dirs = (process.env.NODE_PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  if (dirs.length === 0) return;
  register('./resolve-hook.mjs', import.meta.url, { data: { dirs } });
}
