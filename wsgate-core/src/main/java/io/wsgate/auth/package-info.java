/**
 * Who may connect: IAM-style policy documents evaluated as IAM evaluates them, and the answers of
 * Lambda REQUEST authorizers read as API Gateway reads them. Pure functions over JSON; the
 * dispatcher's authorize step calls them.
 */
package io.wsgate.auth;
