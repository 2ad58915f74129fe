"""wsgate's Python bootstrap: imports the function named by _HANDLER and serves its invocations
through the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API, one at a time, as Lambda's runtime
does. Standard library only, so there is nothing to install.

  init:  import module, find function --ok--> loop
                                      --fails--> POST /runtime/init/error, exit 1
  loop:  GET next --> handler(event, context) --> POST /invocation/{id}/response | /error,
         with GET next
         GET next refused (the host is gone) --> exit 0
"""

import decimal
import importlib
import io
import json
import logging
import os
import socket
import sys
import time
import traceback

PREFIX = "/2018-06-01/runtime"
# Pauses (s) before each try of a poll: half a second in all before a failure is final.
RETRIES = (0, 0.05, 0.1, 0.15, 0.2)


class Printed:
    """Whether anything was written to stdout or stderr (print, logging, sys.__stdout__ and
    sys.__stderr__ included) since the last end mark."""

    since_mark = False


class TrackedFileIO(io.FileIO):
    def write(self, b):
        Printed.since_mark = True
        return super().write(b)


def unbuffered(stream_fd):
    # What python -u gives: every write reaches the pipe at once, so the host sees each line as
    # it is printed, not when a buffer fills or the process ends.
    raw = TrackedFileIO(stream_fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)


class EndpointGone(Exception):
    """Nobody listens at the Runtime API any more: no work can come, so the process ends."""


class RuntimeApi:
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.connection = Connection(host, int(port))

    def next(self, answer=None):
        """The next invocation's (headers, body). answer (what response or invocation_error
        describe), if given, is sent in the same write, ahead of the poll: the host reads both at
        once and its 202 and the next event can come back together."""
        # A failed poll (a kept-alive connection the host had closed, one dropped mid-answer) is
        # tried again a few times, a little later each time: a host that is gone soon refuses
        # connections, and that ends the process; a host that is only busy answers. The answer is
        # sent once: if its connection fails, the host has it or has lost it; if lost, the host
        # still holds the invocation and hands it out again to the next poll.
        poll = ("GET", PREFIX + "/invocation/next", None, "")
        pauses = iter(RETRIES)
        pause = next(pauses)
        while True:
            if pause:
                time.sleep(pause)
            sent, answer = answer, None
            try:
                answers = self.connection.exchange([sent, poll] if sent else [poll])
            except OSError as e:  # not EndpointGone, which is final
                if sent:
                    sys.stderr.write("wsgate bootstrap: could not post the answer: %r\n" % e)
                pause = next(pauses, None)
                if pause is None:
                    raise
                continue
            if sent:
                check_accepted(sent, answers.pop(0))
            if answers:
                status, headers, body = answers[0]
                break
            pause = 0  # the connection closed after the answer's 202: poll again at once
        if status != 200:
            raise RuntimeError("next answered %d: %r" % (status, body))
        return headers, body

    def response(self, request_id, body, headers=""):
        return "POST", "%s/invocation/%s/response" % (PREFIX, request_id), body.encode("utf-8"), headers

    def invocation_error(self, request_id, error, headers=""):
        headers = "Lambda-Runtime-Function-Error-Type: Unhandled\r\n" + headers
        return "POST", "%s/invocation/%s/error" % (PREFIX, request_id), to_json(error).encode("utf-8"), headers

    def init_error(self, error):
        headers = "Lambda-Runtime-Function-Error-Type: %s\r\n" % header_value(error["errorType"])
        answer = ("POST", PREFIX + "/init/error", to_json(error).encode("utf-8"), headers)
        for response in self.connection.exchange([answer]):
            check_accepted(answer, response)


def check_accepted(request, response):
    status, _, body = response
    if status != 202:
        sys.stderr.write("wsgate bootstrap: POST %s answered %d: %r\n" % (request[1], status, body))


def header_value(value):
    """A header's value as one line of printable characters."""
    return "".join(c if " " <= c <= "~" else "?" for c in str(value))


class Connection:
    """One keep-alive HTTP/1.1 connection to the host, opened when first needed and again after it
    closes; requests written together are answered in order (HTTP/1.1 pipelining), bodies framed
    by Content-Length or chunked (or, failing both, by the end of the connection). Spoken over a
    socket rather than through http.client, whose header parsing (the email package's) cost more
    CPU per invocation than the rest of this loop.
    No timeout: next long-polls for as long as the host has no work."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.sock = None
        self.received = bytearray()

    def exchange(self, requests):
        """Writes requests ((method, path, body bytes or None, headers)) at once and reads their
        responses, (status, headers with lower-case names, body bytes) each, in order; fewer if
        the connection closes or fails after one."""
        if self.sock is None:
            try:
                self.sock = socket.create_connection((self.host, self.port))
            except ConnectionRefusedError as e:
                raise EndpointGone() from e
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.received = bytearray()
        data = b"".join(self._bytes(*request) for request in requests)
        responses = []
        try:
            self.sock.sendall(data)
            while len(responses) < len(requests) and self.sock is not None:
                responses.append(self._response())
            return responses
        except OSError:
            self.close()
            if responses:  # the first ones were answered: the caller asks again for the rest
                return responses
            raise
        except BaseException:
            self.close()
            raise

    def _bytes(self, method, path, body, headers):
        head = "%s %s HTTP/1.1\r\nHost: %s:%d\r\n%s" % (method, path, self.host, self.port, headers)
        if body is not None:
            head += "Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        return (head + "\r\n").encode("latin-1") + (body or b"")

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _more(self):
        """Reads what has come; False at the connection's end."""
        chunk = self.sock.recv(65536)
        self.received.extend(chunk)
        return bool(chunk)

    def _until(self, marker, start):
        """The index of marker in what is received from start on, reading until it comes."""
        while True:
            at = self.received.find(marker, start)
            if at >= 0:
                return at
            if not self._more():
                raise ConnectionError("the connection to the Runtime API closed mid-answer")

    def _at_least(self, length):
        while len(self.received) < length:
            if not self._more():
                raise ConnectionError("the connection to the Runtime API closed mid-answer")

    def _response(self):
        head_end = self._until(b"\r\n\r\n", 0)
        lines = self.received[:head_end].decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        start = head_end + 4
        close = headers.get("connection", "").lower() == "close"
        if "content-length" in headers:
            end = start + int(headers["content-length"])
            self._at_least(end)
            body = bytes(self.received[start:end])
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            pieces = []
            at = start
            while True:
                line_end = self._until(b"\r\n", at)
                size = int(bytes(self.received[at:line_end]).split(b";")[0], 16)
                if size == 0:
                    end = self._until(b"\r\n\r\n", line_end) + 4  # at line_end itself without trailers
                    break
                self._at_least(line_end + 2 + size + 2)
                pieces.append(bytes(self.received[line_end + 2:line_end + 2 + size]))
                at = line_end + 2 + size + 2
            body = b"".join(pieces)
        elif status in (204, 304):
            end, body = start, b""
        else:
            while self._more():
                pass
            end, body, close = len(self.received), bytes(self.received[start:]), True
        del self.received[:end]
        if close:
            self.close()
        return status, headers, body


class LambdaContext:
    """The context object of Lambda's Python runtime."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        env = os.environ
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return "LambdaContext(aws_request_id=%s, function_name=%s)" % (self.aws_request_id, self.function_name)


class InitError(Exception):
    def __init__(self, error_type, message, stack_trace=()):
        super().__init__(message)
        self.body = {"errorMessage": message, "errorType": error_type, "stackTrace": list(stack_trace)}


def load_handler(handler_string):
    try:
        module_name, function_name = handler_string.rsplit(".", 1)
    except ValueError as e:
        raise InitError("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler_string, e))
    # Lambda reads "dir/module.function" and "package.module.function" alike.
    module_name = module_name.replace("/", ".")
    if module_name.startswith("."):
        raise InitError("Runtime.MalformedHandlerName", "Bad handler '%s'" % handler_string)
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise InitError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        where = '  File "%s" Line %s\n    %s\n' % (e.filename, e.lineno, (e.text or "").rstrip("\n"))
        raise InitError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), [where])
    handler = getattr(module, function_name, None)
    if handler is None:
        raise InitError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    if not callable(handler):
        raise InitError(
            "Runtime.HandlerNotFound",
            "Handler '%s' on module '%s' is not callable" % (function_name, module_name),
        )
    return handler


def error_body(error):
    """{errorMessage, errorType, stackTrace} of an exception, without this file's own frames."""
    frames = traceback.extract_tb(error.__traceback__)
    while frames and frames[0].filename == __file__:
        frames.pop(0)
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_list(frames),
    }


def log_error(body):
    lines = ["[ERROR] %s: %s" % (body["errorType"], body["errorMessage"]), "Traceback (most recent call last):"]
    lines.extend(frame.rstrip("\n") for frame in body["stackTrace"])
    sys.stderr.write("\n".join(lines) + "\n")


def encode_extra(value):
    # boto3's DynamoDB resource hands out Decimal numbers; Lambda writes them as JSON numbers.
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def to_json(value):
    return json.dumps(value, default=encode_extra)


class RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def install_logging():
    # Lambda's Python runtime gives the root logger a handler (the level stays WARNING until
    # the function sets one), so logger.info reaches the log once a handler asks for INFO.
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s")
    formatter.converter = time.gmtime
    formatter.default_time_format = "%Y-%m-%dT%H:%M:%S"
    formatter.default_msec_format = None
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def serve(api, handler, headers, body):
    """Calls the handler with the invocation's event; its answer, for the Runtime API."""
    request_id = headers.get("lambda-runtime-aws-request-id")
    RequestIdFilter.request_id = request_id
    set_trace_id(headers.get("lambda-runtime-trace-id") or "")
    try:
        event = json.loads(body)
        context = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            optional_json(headers.get("lambda-runtime-client-context")),
            optional_json(headers.get("lambda-runtime-cognito-identity")),
        )
        result = handler(event, context)
    except Exception as e:
        return failed(api, request_id, error_body(e))
    try:
        payload = to_json(result)
    except (TypeError, ValueError) as e:
        return failed(api, request_id, {"errorMessage": "Unable to marshal response: %s" % e, "errorType": "Runtime.MarshalError", "stackTrace": []})
    return api.response(request_id, payload, mark_end(request_id))


def failed(api, request_id, body):
    log_error(body)
    return api.invocation_error(request_id, body, mark_end(request_id))


def mark_end(request_id):
    """Tells the host, through both output streams, that everything the invocation printed is
    written: the host reads this line (not shown) before it writes the invocation's END. If
    nothing was printed, no mark is written and the answer says so, with the header this returns:
    the host writes END at once. (Output past sys.stdout, sys.stderr and their __stdout__ and
    __stderr__, such as os.write(1, ...) or a subprocess's inherited stdout, carries no mark and
    may then follow its invocation's END.)"""
    if not Printed.since_mark:
        return "Wsgate-End-Mark: none\r\n"
    Printed.since_mark = False
    line = ("\x1ewsgate-end %s\n" % request_id).encode("utf-8")
    for fd in (1, 2):
        try:
            os.write(fd, line)
        except OSError:
            pass  # the stream is gone; the host does without
    return ""


def set_trace_id(value):
    """os.environ["_X_AMZN_TRACE_ID"] = value, as Lambda's runtime sets it per invocation, without
    growing the process's memory: os.environ's assignment calls the C library's setenv, and glibc's
    setenv keeps every value it was ever given, about 150 bytes an invocation with a new trace id
    each time. So only os.environ's own mapping is updated: os.environ and os.getenv see the value;
    getenv() in native code and a subprocess started with the inherited environment do not."""
    environ = os.environ
    try:
        environ._data[environ.encodekey("_X_AMZN_TRACE_ID")] = environ.encodevalue(value)
    except AttributeError:  # an os.environ without the mapping: the costly way
        environ["_X_AMZN_TRACE_ID"] = value


def optional_json(text):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def main():
    sys.stdout = sys.__stdout__ = unbuffered(1)
    sys.stderr = sys.__stderr__ = unbuffered(2)
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # The function's code comes first and this bootstrap's own folder not at all, so a module of
    # the function's named like a file here is still the function's.
    sys.path[0] = task_root
    install_logging()
    api = RuntimeApi(os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"))
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception as e:
        body = e.body if isinstance(e, InitError) else error_body(e)
        log_error(body)
        try:
            api.init_error(body)
        except Exception:
            pass
        sys.exit(1)
    answer = None  # the last invocation's, sent with the next poll
    while True:
        # Refused: the host is gone (stopped, or killed with SIGKILL), so this process ends too.
        try:
            headers, body = api.next(answer)
        except EndpointGone:
            sys.exit(0)
        except (OSError, RuntimeError) as e:
            sys.stderr.write("wsgate bootstrap: the Runtime API failed: %s\n" % e)
            sys.exit(1)
        answer = serve(api, handler, headers, body)


if __name__ == "__main__":
    main()
