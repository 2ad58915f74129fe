# A test stand-in for wsgate's Python bootstrap: the Runtime API loop and nothing more, so that the
# host's tests run real python3 processes. The shipped bootstrap lives in src/main/resources and,
# when present, is found first on the class path.
import http.client, importlib, json, os, sys, time, traceback

api = os.environ["AWS_LAMBDA_RUNTIME_API"]
host, port = api.split(":")
conn = http.client.HTTPConnection(host, int(port))


def post(path, body, headers=None):
    conn.request("POST", "/2018-06-01/runtime/" + path, json.dumps(body).encode(), headers or {})
    conn.getresponse().read()


def error_body(e):
    return {"errorMessage": str(e), "errorType": type(e).__name__,
            "stackTrace": traceback.format_tb(e.__traceback__)}


class Context:
    def __init__(self, request_id, deadline):
        self.aws_request_id = request_id
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


sys.path.insert(0, os.getcwd())
try:
    module_name, function_name = os.environ["_HANDLER"].rsplit(".", 1)
    handler = getattr(importlib.import_module(module_name.replace("/", ".")), function_name)
except Exception as e:
    post("init/error", error_body(e), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
    sys.exit(1)

while True:
    conn.request("GET", "/2018-06-01/runtime/invocation/next")
    r = conn.getresponse()
    event = json.loads(r.read())
    request_id = r.getheader("Lambda-Runtime-Aws-Request-Id")
    context = Context(request_id, int(r.getheader("Lambda-Runtime-Deadline-Ms")))
    try:
        result = handler(event, context)
    except Exception as e:
        post("invocation/" + request_id + "/error", error_body(e))
        continue
    post("invocation/" + request_id + "/response", result)
