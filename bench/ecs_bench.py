#!/usr/bin/env python3
"""ECS task benchmark client for bench/runtask.sh (plain python3, no extra packages).

Talks to one running Homeport over one persistent HTTP connection per thread,
signing every request with sign_request.sign (SigV4), so the figures are the
server's and not the AWS CLI's ~0.5 s Python start-up.

Sections (each prints its figures; all times in milliseconds):
  latency  RunTask -> RUNNING, --runs times, polling DescribeTasks every --poll-ms;
           with --docker-compare also `docker run -d` of the same image and
           command in the same loop (alternating order), and the ratio.
           Also: RunTask's own answer time and the state it answered with.
  stop     StopTask on each task of `latency`: answer time, and the states seen
           by polling DescribeTasks every --stop-poll-ms until STOPPED.
  burst    10 threads send RunTask (count 10) at once: time until all 100 are
           RUNNING (DescribeTasks of all 100 every --poll-ms); then stops them.
  list     with many tasks recorded (bench/EcsSeed.java, family bench-seed):
           every ListTasks page of 100 through all of them, and DescribeTasks of
           100 tasks, --list-repeats times.
  services A service of --service-tasks tasks: CreateService -> stable (one deployment,
           runningCount == desiredCount: what `aws ecs wait services-stable` waits for) and
           -> deployment COMPLETED; with --service-update, UpdateService to a new
           revision -> rollout COMPLETED; with --docker-compare, the same number of tasks
           by RunTask -> all RUNNING first, in the same run, and the ratio.
  credentials  (Docker, --task-role) --cred-tasks tasks with the task role: each
           fetches its credentials from 169.254.170.2 as soon as it runs (the
           time from the task's startedAt to that first success), then, all at
           once, --cred-fetches fetches back to back and as many of the agent
           address's /_homeport/health (the reference: same door, same wget,
           no credentials work); per-fetch means and the ratio.

With --task-role every task definition names that role as its taskRoleArn (the
latency section then measures RunTask -> RUNNING with a task role).
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sign_request import sign  # noqa: E402

TARGET = "AmazonEC2ContainerServiceV20141113."


class Client:
    def __init__(self, endpoint, region="us-east-1"):
        self.endpoint = endpoint
        self.region = region
        u = urllib.parse.urlsplit(endpoint)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def call(self, op, body, ok=(200,)):
        payload = json.dumps(body)
        amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        headers, _, _ = sign(self.endpoint, TARGET + op, payload, "test", "test", self.region, "ecs", amz_date)
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.connect()
                # http.client sends headers and body in two writes: without TCP_NODELAY the body waits
                # for the server's delayed ACK (~40 ms). SDKs (urllib3, botocore) set it too.
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self.conn.request("POST", "/", payload.encode(), headers)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        out = json.loads(data) if data else {}
        if r.status not in ok:
            raise RuntimeError(f"{op}: HTTP {r.status}: {data[:400]!r}")
        return out


def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def summary(name, values):
    if not values:
        print(f"  {name}: no samples")
        return
    print(f"  {name}: median {statistics.median(values):.1f} ms, p95 {pct(values, 95):.1f} ms, "
          f"min {min(values):.1f}, max {max(values):.1f} (n={len(values)})")


def ms(t):
    return t * 1000.0


def parse_ts(v):
    """ECS timestamps on the wire are epoch seconds (float)."""
    return None if v is None else float(v)


class Bench:
    def __init__(self, args):
        self.a = args
        self.c = Client(args.endpoint)
        self.td = None
        self.subnet = args.subnet
        self.docker_ids = []

    def command(self):
        # exits on SIGTERM (PID 1 in a container ignores it otherwise) and takes its sleep along
        return ["sh", "-c", "trap 'kill $! 2>/dev/null; exit 0' TERM; sleep 3600 & wait"]

    def register(self, family="bench-runtask", command=None):
        definition = {
            "family": family,
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{
                "name": "app", "image": self.a.image, "essential": True,
                "command": command or self.command(), "stopTimeout": 5,
            }],
        }
        if self.a.task_role:
            definition["taskRoleArn"] = self.a.task_role
        r = self.c.call("RegisterTaskDefinition", definition)
        arn = r["taskDefinition"]["taskDefinitionArn"]
        if family == "bench-runtask":
            self.td = arn
        return arn

    def run_task(self, client=None, count=1, td=None):
        client = client or self.c
        return client.call("RunTask", {
            "taskDefinition": td or self.td, "count": count, "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": [self.subnet]}},
        })

    def describe(self, arns, client=None):
        return (client or self.c).call("DescribeTasks", {"tasks": list(arns)})["tasks"]

    def wait_running(self, arn, t0, deadline_s=60.0):
        """Polls every poll-ms; returns (seconds from t0 to the first RUNNING answer, states seen, task)."""
        seen = []
        poll = self.a.poll_ms / 1000.0
        nxt = time.perf_counter()
        while True:
            t = self.describe([arn])[0]
            now = time.perf_counter()
            st = t["lastStatus"]
            if not seen or seen[-1] != st:
                seen.append(st)
            if st == "RUNNING":
                return now - t0, seen, t
            if st in ("DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"):
                raise RuntimeError(f"task went {st} before RUNNING: {t.get('stoppedReason')}")
            if now - t0 > deadline_s:
                raise RuntimeError(f"task not RUNNING after {deadline_s} s (states {seen})")
            nxt += poll
            pause = nxt - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            else:
                nxt = time.perf_counter()

    def docker_run(self):
        t0 = time.perf_counter()
        p = subprocess.run([self.a.docker, "run", "-d", "--network", self.a.docker_network, "--label", f"dev.homeport.bench={self.a.bench_label}",
                            self.a.image] + self.command(), capture_output=True, text=True, timeout=60)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError("docker run failed: " + p.stderr)
        self.docker_ids.append(p.stdout.strip())
        return dt

    # ------------------------------------------------------------------ sections
    def latency(self):
        print(f"== RunTask -> RUNNING, {self.a.runs} runs, DescribeTasks every {self.a.poll_ms} ms")
        lat, server, answer, docker = [], [], [], []
        answered_with = {}
        self.latency_arns = []
        for i in range(self.a.warmup + self.a.runs):
            measured = i >= self.a.warmup
            if self.a.docker_compare and i % 2 == 0:
                d = self.docker_run()
            t0 = time.perf_counter()
            r = self.run_task()
            t_ans = time.perf_counter() - t0
            task = r["tasks"][0]
            arn = task["taskArn"]
            self.latency_arns.append(arn)
            dt, seen, final = self.wait_running(arn, t0)
            if self.a.docker_compare and i % 2 == 1:
                d = self.docker_run()
            if measured:
                answered_with[task["lastStatus"]] = answered_with.get(task["lastStatus"], 0) + 1
                lat.append(ms(dt))
                answer.append(ms(t_ans))
                server.append(ms(parse_ts(final["startedAt"]) - parse_ts(final["createdAt"])))
                if self.a.docker_compare:
                    docker.append(ms(d))
                if self.a.verbose:
                    print(f"  run {i}: {ms(dt):.1f} ms, states seen {seen}")
            time.sleep(self.a.gap_ms / 1000.0)
        summary("RunTask -> RUNNING (client, first RUNNING poll)", lat)
        summary("RunTask -> RUNNING (server: startedAt - createdAt)", server)
        summary("RunTask answer time", answer)
        print(f"  RunTask answered with lastStatus: {answered_with}")
        if self.a.docker_compare:
            summary("docker run -d (CLI wall time)", docker)
            print(f"  ratio Homeport/docker run -d (medians): {statistics.median(lat) / statistics.median(docker):.2f}")
            print(f"  ratio Homeport/docker run -d (p95):     {pct(lat, 95) / pct(docker, 95):.2f}")
        if self.docker_ids:
            subprocess.run([self.a.docker, "rm", "-f"] + self.docker_ids, capture_output=True, timeout=120)
            self.docker_ids = []
        self.results = {"latency": lat, "answer": answer, "server": server, "docker": docker}

    def stop(self):
        arns = getattr(self, "latency_arns", [])
        print(f"== StopTask on {len(arns)} RUNNING tasks, DescribeTasks every {self.a.stop_poll_ms} ms")
        answer, to_stopped, saw_stopping, answered = [], [], 0, {}
        stopping_at = 0
        for arn in arns:
            t0 = time.perf_counter()
            r = self.c.call("StopTask", {"task": arn, "reason": "bench"})
            answer.append(ms(time.perf_counter() - t0))
            key = f"{r['task']['lastStatus']}/{r['task']['desiredStatus']}"
            answered[key] = answered.get(key, 0) + 1
            seen = [r["task"]["lastStatus"]]
            while True:
                t = self.describe([arn])[0]
                if seen[-1] != t["lastStatus"]:
                    seen.append(t["lastStatus"])
                if t["lastStatus"] == "STOPPED":
                    break
                if time.perf_counter() - t0 > 60:
                    raise RuntimeError(f"task not STOPPED after 60 s ({seen})")
                time.sleep(self.a.stop_poll_ms / 1000.0)
            to_stopped.append(ms(time.perf_counter() - t0))
            saw_stopping += "STOPPING" in seen
            stopping_at += t.get("stoppingAt") is not None and t.get("stopCode") == "UserInitiated"
            if self.a.verbose:
                print(f"  {arn[-8:]}: states seen {seen}")
        summary("StopTask answer time", answer)
        summary("StopTask -> STOPPED seen", to_stopped)
        print(f"  StopTask answered with lastStatus/desiredStatus: {answered}")
        print(f"  STOPPING observed by polling: {saw_stopping}/{len(arns)}; "
              f"stoppingAt + stopCode UserInitiated recorded: {stopping_at}/{len(arns)}")

    def burst(self):
        n_calls, per_call = 10, 10
        print(f"== {n_calls * per_call} tasks at once ({n_calls} concurrent RunTask calls of count {per_call})")
        clients = [Client(self.a.endpoint) for _ in range(n_calls)]
        for cl in clients:  # connect and warm up each connection
            cl.call("ListTasks", {})
        barrier = threading.Barrier(n_calls + 1)
        answers = [None] * n_calls

        def one(i):
            barrier.wait()
            t = time.perf_counter()
            r = self.run_task(clients[i], per_call)
            answers[i] = (time.perf_counter() - t, [x["taskArn"] for x in r["tasks"]])

        with concurrent.futures.ThreadPoolExecutor(n_calls) as ex:
            futs = [ex.submit(one, i) for i in range(n_calls)]
            time.sleep(0.2)
            t0 = time.perf_counter()
            barrier.wait()
            for f in futs:
                f.result()
        t_answered = time.perf_counter() - t0
        arns = [a for _, lst in answers for a in lst]
        counts = {}
        while True:
            tasks = self.describe(arns)
            counts = {}
            for t in tasks:
                counts[t["lastStatus"]] = counts.get(t["lastStatus"], 0) + 1
            if counts.get("RUNNING", 0) == len(arns):
                t_all = time.perf_counter() - t0
                break
            bad = [t for t in tasks if t["lastStatus"] in ("STOPPING", "DEPROVISIONING", "STOPPED")]
            if bad:
                raise RuntimeError(f"{len(bad)} tasks stopped during the burst: {bad[0].get('stoppedReason')}")
            if time.perf_counter() - t0 > self.a.burst_timeout:
                raise RuntimeError(f"not all RUNNING after {self.a.burst_timeout} s: {counts}")
            time.sleep(self.a.poll_ms / 1000.0)
        started = sorted(parse_ts(t["startedAt"]) - parse_ts(t["createdAt"]) for t in tasks)
        print(f"  all {len(arns)} RunTask answers within {ms(t_answered):.0f} ms "
              f"(slowest call {ms(max(a for a, _ in answers)):.0f} ms)")
        print(f"  all {len(arns)} RUNNING after {ms(t_all):.0f} ms "
              f"(server startedAt - createdAt: median {ms(statistics.median(started)):.0f} ms, "
              f"max {ms(max(started)):.0f} ms)")
        # stop them all, concurrently, and wait
        t1 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(n_calls) as ex:
            list(ex.map(lambda i: [clients[i].call("StopTask", {"task": a}) for a in arns[i::n_calls]],
                        range(n_calls)))
        t_stop_answered = time.perf_counter() - t1
        while True:
            tasks = self.describe(arns)
            if all(t["lastStatus"] == "STOPPED" for t in tasks):
                break
            if time.perf_counter() - t1 > self.a.burst_timeout:
                raise RuntimeError("burst tasks not STOPPED in time")
            time.sleep(0.05)
        print(f"  100 StopTask answered within {ms(t_stop_answered):.0f} ms; all STOPPED after "
              f"{ms(time.perf_counter() - t1):.0f} ms")
        self.results_burst = ms(t_all)

    def credentials(self):
        n, k = self.a.cred_tasks, self.a.cred_fetches
        if not self.a.task_role:
            raise RuntimeError("the credentials section needs --task-role")
        print(f"== task-role credentials at 169.254.170.2: {n} tasks, then {k} fetches in each at once")
        # busybox has no sub-second clock but /proc/uptime (10 ms steps, the host's): the first success is written as
        # uptime; each loop's duration too, so a fetch's mean is the loop's time over k.
        script = (
            'u="http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"; '
            'until wget -q -O /dev/null "$u" 2>/dev/null; do usleep 2000; done; cat /proc/uptime > /tmp/first; '
            'until [ -e /tmp/go ]; do usleep 10000; done; '
            'loop() { read a _ < /proc/uptime; for i in $(seq ' + str(k) + '); do wget -q -O /dev/null "$1" || '
            'echo failed >> /tmp/failed; done; read b _ < /proc/uptime; echo "$a $b"; }; '
            'loop "$u" > /tmp/cred; loop http://169.254.170.2/_homeport/health > /tmp/ref; '
            "echo done > /tmp/done; trap 'exit 0' TERM; sleep 3600 & wait")
        td = self.register("bench-credentials", ["sh", "-c", script])
        arns = []
        while len(arns) < n:
            arns += [t["taskArn"] for t in self.run_task(count=min(10, n - len(arns)), td=td)["tasks"]]
        t0 = time.perf_counter()
        while True:
            tasks = self.describe(arns)
            if all(t["lastStatus"] == "RUNNING" for t in tasks):
                break
            if any(t["lastStatus"] == "STOPPED" for t in tasks) or time.perf_counter() - t0 > 300:
                raise RuntimeError("credential tasks did not all run")
            time.sleep(0.05)
        ids = [t["containers"][0]["runtimeId"] for t in tasks]

        def read(cid, path, wait_s=120):
            end = time.time() + wait_s
            while True:
                p = subprocess.run([self.a.docker, "exec", cid, "cat", path], capture_output=True, text=True)
                if p.returncode == 0 and p.stdout.strip():
                    return p.stdout.strip()
                if time.time() > end:
                    raise RuntimeError(f"{path} not written in {cid[:12]}")
                time.sleep(0.1)

        def uptime_to_epoch(u):
            with open("/proc/uptime") as f:
                now_up = float(f.read().split()[0])
            return time.time() - (now_up - u)

        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            firsts = list(ex.map(lambda cid: uptime_to_epoch(float(read(cid, "/tmp/first").split()[0])), ids))
        first = [ms(f - parse_ts(t["startedAt"])) for f, t in zip(firsts, tasks)]
        summary("startedAt (RUNNING) -> first successful credentials fetch in the task", first)
        with concurrent.futures.ThreadPoolExecutor(n) as ex:
            list(ex.map(lambda cid: subprocess.run([self.a.docker, "exec", cid, "sh", "-c", ": > /tmp/go"],
                                                   capture_output=True), ids))
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            list(ex.map(lambda cid: read(cid, "/tmp/done", 600), ids))

            def mean(cid, path):
                a, b = map(float, read(cid, path).split())
                return (b - a) * 1000.0 / k
            cred = list(ex.map(lambda cid: mean(cid, "/tmp/cred"), ids))
            ref = list(ex.map(lambda cid: mean(cid, "/tmp/ref"), ids))
            failed = sum(1 for cid in ids if subprocess.run([self.a.docker, "exec", cid, "cat", "/tmp/failed"],
                                                             capture_output=True).returncode == 0)
        summary(f"credentials fetch, mean per task over {k} (wget start included), {n} tasks at once", cred)
        summary(f"reference: /_homeport/health at the same address, same loop", ref)
        print(f"  ratio credentials/reference (medians): {statistics.median(cred) / statistics.median(ref):.2f}; "
              f"tasks with a failed fetch: {failed}")
        for a in arns:
            self.c.call("StopTask", {"task": a})

    def list(self):
        rep = self.a.list_repeats
        print(f"== ListTasks / DescribeTasks with the recorded tasks (family bench-seed), {rep} rounds")
        pages, first, arns_page = [], [], None
        total = 0
        for r in range(rep):
            token, n = None, 0
            while True:
                body = {"desiredStatus": "STOPPED", "family": "bench-seed", "maxResults": 100}
                if token:
                    body["nextToken"] = token
                t0 = time.perf_counter()
                out = self.c.call("ListTasks", body)
                dt = ms(time.perf_counter() - t0)
                pages.append(dt)
                if token is None:
                    first.append(dt)
                    arns_page = out["taskArns"]
                n += len(out["taskArns"])
                token = out.get("nextToken")
                if not token:
                    break
            total = n
        print(f"  listed {total} tasks per round in pages of 100")
        summary("ListTasks page (desiredStatus STOPPED, family filter, every page)", pages)
        summary("ListTasks first page", first)
        unf = []
        for _ in range(rep * 10):
            t0 = time.perf_counter()
            self.c.call("ListTasks", {"desiredStatus": "STOPPED", "maxResults": 100})
            unf.append(ms(time.perf_counter() - t0))
        summary("ListTasks first page (desiredStatus STOPPED, no family)", unf)
        desc = []
        for _ in range(rep * 10):
            t0 = time.perf_counter()
            tasks = self.describe(arns_page)
            desc.append(ms(time.perf_counter() - t0))
        assert len(tasks) == len(arns_page) == 100, len(tasks)
        summary("DescribeTasks of 100 tasks", desc)

    # ------------------------------------------------------------------ services
    def describe_service(self, cluster, name):
        return self.c.call("DescribeServices", {"cluster": cluster, "services": [name]})["services"][0]

    def wait_service(self, cluster, name, t0, done, what, deadline_s=900.0):
        """Polls DescribeServices every poll-ms until done(service); returns seconds from t0."""
        poll = max(self.a.poll_ms, 50) / 1000.0
        while True:
            svc = self.describe_service(cluster, name)
            now = time.perf_counter()
            if done(svc):
                return now - t0
            if now - t0 > deadline_s:
                raise RuntimeError(f"{name}: not {what} after {deadline_s} s: running {svc['runningCount']}, "
                                   f"deployments {[(d['status'], d.get('rolloutState')) for d in svc['deployments']]}")
            time.sleep(poll)

    @staticmethod
    def stable(svc):
        """What `aws ecs wait services-stable` checks: one deployment, runningCount == desiredCount."""
        return len(svc["deployments"]) == 1 and svc["runningCount"] == svc["desiredCount"]

    @staticmethod
    def completed(svc):
        return Bench.stable(svc) and svc["deployments"][0].get("rolloutState") == "COMPLETED"

    def services(self):
        n = self.a.service_tasks
        cluster = f"bench-svc-{os.getpid()}"
        self.c.call("CreateCluster", {"clusterName": cluster})
        net = {"awsvpcConfiguration": {"subnets": [self.subnet]}}
        print(f"== a service of {n} tasks (DescribeServices every {max(self.a.poll_ms, 50):.0f} ms)")
        if self.a.docker_compare:
            # The reference: the same number of tasks by RunTask (count 10 per call), all RUNNING.
            t0 = time.perf_counter()
            arns = []
            for start in range(0, n, 10):
                r = self.c.call("RunTask", {"cluster": cluster, "taskDefinition": self.td, "count": min(10, n - start),
                                            "launchType": "FARGATE", "networkConfiguration": net})
                arns += [t["taskArn"] for t in r["tasks"]]
            while True:
                tasks = self.c.call("DescribeTasks", {"cluster": cluster, "tasks": arns})["tasks"]
                if all(t["lastStatus"] == "RUNNING" for t in tasks):
                    break
                if any(t["lastStatus"] == "STOPPED" for t in tasks):
                    raise RuntimeError("a RunTask task stopped")
                time.sleep(max(self.a.poll_ms, 50) / 1000.0)
            by_runtask = time.perf_counter() - t0
            print(f"  RunTask x{n} -> all RUNNING: {ms(by_runtask):.0f} ms")
            for arn in arns:
                self.c.call("StopTask", {"cluster": cluster, "task": arn})
        t0 = time.perf_counter()
        self.c.call("CreateService", {"cluster": cluster, "serviceName": "bench", "taskDefinition": self.td,
                                      "desiredCount": n, "networkConfiguration": net})
        steady = self.wait_service(cluster, "bench", t0, Bench.stable, "stable")
        print(f"  CreateService -> stable ({n} running, what `wait services-stable` waits for): {ms(steady):.0f} ms")
        if self.a.docker_compare:
            print(f"  ratio RunTask x{n} / CreateService -> stable: {by_runtask / steady:.2f}")
        done = self.wait_service(cluster, "bench", t0, Bench.completed, "COMPLETED")
        print(f"  CreateService -> deployment COMPLETED (tasks healthy: RUNNING for the settle time): {ms(done):.0f} ms")
        if self.a.service_update:
            v2 = self.register(family="bench-runtask-v2")
            t0 = time.perf_counter()
            self.c.call("UpdateService", {"cluster": cluster, "service": "bench", "taskDefinition": v2})
            rolled = self.wait_service(cluster, "bench", t0,
                                       lambda s: Bench.completed(s) and s["taskDefinition"] == v2, "rolled out")
            print(f"  UpdateService (new revision, 200%/100%) -> rollout COMPLETED, {n} old tasks replaced: "
                  f"{ms(rolled):.0f} ms")
        self.c.call("DeleteService", {"cluster": cluster, "service": "bench", "force": True})
        self.wait_service(cluster, "bench", time.perf_counter(), lambda s: s["status"] == "INACTIVE", "INACTIVE")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--docker", default="/usr/bin/docker")
    p.add_argument("--docker-compare", action="store_true")
    p.add_argument("--subnet", required=True, help="a subnet id Homeport knows (EC2 DescribeSubnets)")
    p.add_argument("--docker-network", default=None,
                   help="network for `docker run -d`: the bridge network Homeport's tasks join")
    p.add_argument("--bench-label", default="runtask")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--gap-ms", type=int, default=300, help="pause between runs (lets the sandbox pool refill)")
    p.add_argument("--poll-ms", type=float, default=10)
    p.add_argument("--stop-poll-ms", type=float, default=2)
    p.add_argument("--burst-timeout", type=float, default=300)
    p.add_argument("--list-repeats", type=int, default=3)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--task-role", default=None, help="a role ARN every task definition names as its taskRoleArn")
    p.add_argument("--cred-tasks", type=int, default=50)
    p.add_argument("--cred-fetches", type=int, default=100)
    p.add_argument("--service-tasks", type=int, default=10, help="the services section's desired count")
    p.add_argument("--service-update", action="store_true", help="also roll the service out to a new revision")
    p.add_argument("sections", nargs="+", choices=["latency", "stop", "burst", "list", "credentials", "services"])
    a = p.parse_args()
    if a.docker_network is None:
        a.docker_network = "homeport-" + a.subnet
    b = Bench(a)
    b.register()
    for s in a.sections:
        getattr(b, s)()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
