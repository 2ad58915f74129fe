import logging
import os
import sys

logger = logging.getLogger()
logger.setLevel(logging.INFO)
calls = 0


def handler(event, context):
    global calls
    calls += 1
    print("echo called %d time(s)" % calls)
    logger.info("logged through logging")
    return {
        "event": event,
        "calls": calls,
        "aws_request_id": context.aws_request_id,
        "remaining": context.get_remaining_time_in_millis(),
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
    }


value = 42


def quiet(event, context):
    return event


def trace(event, context):
    """What an invocation sees of its trace id."""
    return {"env": os.environ.get("_X_AMZN_TRACE_ID"), "getenv": os.getenv("_X_AMZN_TRACE_ID")}


def writes_dunder(event, context):
    """Writes through sys.__stdout__, past sys.stdout."""
    sys.__stdout__.write("through __stdout__\n")
    return "written"


printed_once = False


def prints_first(event, context):
    """Prints on its first call only."""
    global printed_once
    if not printed_once:
        print("first call")
    printed_once = True
    return "answered"
