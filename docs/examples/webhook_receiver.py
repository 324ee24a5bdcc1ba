#!/usr/bin/env python3
"""A CityWatch webhook receiver in plain Python 3 (standard library only), for integrators.

Verifies X-CityWatch-Signature with the subscription secrets given (docs/webhooks.md), refuses what
does not verify (401) or is older than 5 minutes, deduplicates by Idempotency-Key, and prints one
line per alert step. Try it against the demo:

    ./citywatch demo --no-receiver
    python3 docs/examples/webhook_receiver.py 8090 $(./citywatch demo-credentials --secrets)
"""
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_S = 300


def verified(header, body, secrets, now):
    """True when one v1 of the header is HMAC-SHA256(secret, "<t>.<body>") for a secret, and t is recent."""
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    stamps = [v for k, v in fields if k.strip() == "t"]
    signatures = [v.strip() for k, v in fields if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or abs(now - int(stamps[0])) > TOLERANCE_S:
        return False
    signed = stamps[0].strip().encode("ascii") + b"." + body
    for secret in secrets:
        expected = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, s) for s in signatures):
            return True
    return False


class Receiver(BaseHTTPRequestHandler):
    secrets = []
    seen = set()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not verified(self.headers.get("X-CityWatch-Signature", ""), body, self.secrets, int(time.time())):
            self.send_response(401)
            self.end_headers()
            print("refused: signature does not verify", flush=True)
            return
        key = self.headers.get("Idempotency-Key", "")
        first = key not in self.seen
        self.seen.add(key)
        self.send_response(204)  # any 2xx: CityWatch stops sending this step
        self.end_headers()
        if first and self.headers.get("Content-Type", "").startswith("application/json"):
            alert = json.loads(body)["alert"]
            print(f"verified {self.headers.get('X-CityWatch-Event')} {alert['severity_ko']} {alert['kind']} "
                  f"{alert['headline']['ko']} (key {key})", flush=True)
        elif first:
            print(f"verified {self.headers.get('X-CityWatch-Event')} CAP 1.2 (key {key})", flush=True)

    def log_message(self, *args):
        pass  # one line per alert above is enough


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: webhook_receiver.py PORT SECRET [SECRET ...]")
    Receiver.secrets = sys.argv[2:]
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver)
    print(f"listening on http://127.0.0.1:{server.server_port}/ with {len(Receiver.secrets)} secret(s)", flush=True)
    server.serve_forever()
