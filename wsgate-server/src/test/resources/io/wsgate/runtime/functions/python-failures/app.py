def raises(event, context):
    raise ValueError("bad value: %s" % event["value"])


def unserializable(event, context):
    return {"tags": {"a"}}
