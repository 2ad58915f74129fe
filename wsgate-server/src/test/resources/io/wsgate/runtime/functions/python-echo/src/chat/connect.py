from decimal import Decimal


def handler(event, context):
    return {"where": "src/chat/connect", "price": Decimal("2.50"), "count": Decimal("3")}


def nothing(event, context):
    return None
