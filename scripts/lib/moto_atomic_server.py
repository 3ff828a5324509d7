"""moto server whose DynamoDB conditional writes are atomic, as DynamoDB's are.

moto 5.x checks a ConditionExpression and then stores the item in two steps, without a lock, in a
threaded server (moto/dynamodb/models/table.py, Table.put_item / update_item). When the machine
is busy, a thread switch between the two steps lets two concurrent `attribute_not_exists(pk)` puts
both succeed: the burst test then saw two incident leaders. Real DynamoDB applies each conditional
write atomically (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate),
and ecs-netfix's incident claims and VPC leases rely on exactly that. This launcher serves the
same moto application, and lets one DynamoDB request at a time reach its backend; every other
service stays concurrent.

    python3 scripts/lib/moto_atomic_server.py -H 127.0.0.1 -p <port>
"""
import argparse
import signal
import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

DYNAMODB_TARGET_PREFIX = "DynamoDB_"


class AtomicDynamoDB:
    """WSGI middleware: DynamoDB requests run one at a time (the body is read inside the lock)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(DYNAMODB_TARGET_PREFIX):
            return self.app(environ, start_response)
        with self.lock:
            # Materialise the response while holding the lock, so the write is complete.
            return list(self.app(environ, start_response))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, AtomicDynamoDB(app), threaded=True)


if __name__ == "__main__":
    main()
