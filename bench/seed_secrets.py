#!/usr/bin/env python3
"""Creates N secrets (one version each) in a Homeport over its API: CreateSecret signed with SigV4, on
several keep-alive connections. Used by keyrotation.sh to give the re-seal something to do."""
import concurrent.futures
import datetime
import http.client
import json
import sys
import urllib.parse
import uuid

sys.path.insert(0, __import__("os").path.dirname(__file__))
import sign_request  # noqa: E402


def create_range(endpoint, start, stop):
    u = urllib.parse.urlsplit(endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    for i in range(start, stop):
        body = json.dumps({"Name": f"rot/{i:06d}", "ClientRequestToken": str(uuid.uuid4()), "SecretString": json.dumps(
            {"username": f"user{i}", "password": "Zq8vN3xT5rW1yK7mP2sL9dF4hJ6gB0cV"})})
        amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        headers, _, _ = sign_request.sign(endpoint, "secretsmanager.CreateSecret", body, "test", "test",
                                          "us-east-1", "secretsmanager", amz_date)
        headers.pop("Host")
        conn.request("POST", "/", body=body.encode(), headers=headers)
        r = conn.getresponse()
        answer = r.read()
        if r.status != 200:
            raise SystemExit(f"CreateSecret {i}: {r.status} {answer[:200]!r}")
    conn.close()


def main():
    endpoint, n = sys.argv[1], int(sys.argv[2])
    workers = 8
    step = (n + workers - 1) // workers
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(create_range, endpoint, s, min(n, s + step)) for s in range(0, n, step)]
        for f in futures:
            f.result()


if __name__ == "__main__":
    main()
