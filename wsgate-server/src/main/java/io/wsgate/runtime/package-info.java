/**
 * Local Lambda functions in Node.js and Python: a pool of child processes per function, each
 * running wsgate's own bootstrap (a resource of this package, copied out of the jar at start),
 * which fetches invocations from a Lambda Runtime API (2018-06-01) that this package serves on
 * loopback and posts back the handler's result. One invocation at a time per process, as Lambda;
 * each logged as Lambda logs it (START, the function's output, END, REPORT). The same invocations
 * are reached by API Gateway integrations and by Lambda's Invoke API (2015-03-31), served here too.
 * The functions' code (a directory, or a {@code .zip} unpacked here) is watched, and a change
 * retires the processes running it, so that the next invocation runs the new code.
 */
package io.wsgate.runtime;
