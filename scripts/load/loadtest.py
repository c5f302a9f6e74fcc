#!/usr/bin/env python3
"""SIPp load test of the gateway and of Kamailio doing the same job (scripts/bench.sh load).

Meta-side SIPp UAC (127.0.0.2) -> system under test (127.0.0.1) -> Twilio-side SIPp UAS (127.0.0.3), UDP.
For each system, in this order (the same scenarios, rates and SIPp command lines for both):
  validate  a few calls at a low rate; must all succeed
  ramp      BENCH_RATES, BENCH_STEP_SECONDS each; a step passes with < 0.1 % failed calls and the rate reached;
            the highest passing rate is the sustained rate (the ramp stops at the first failing step)
  cpu       BENCH_CPU_RATE calls/s for BENCH_CPU_SECONDS: CPU-us per call of the system (utime+stime of the
            process, all threads; Kamailio: the main process and all its children) and of SIPp (UAC+UAS)
  srd       half the sustained rate for BENCH_STEP_SECONDS: SRD (RFC 6076, INVITE -> first non-100 response)
            from the UAC's rtd 1 (-trace_rtt; SIPp measures in whole milliseconds)
  hold      BENCH_HOLD_CALLS calls established and held: memory per call after a full GC minus the idle
            baseline taken the same way (gateway: jcmd GC.run + GC.heap_info; Kamailio: shared memory
            real_used from kamcmd core.shmmem after its tm timers ran out)
The 407 flow is checked by scripts/load/check_digest.py on the UAS's log of every Proxy-Authorization.
Everything this script starts is stopped on exit (normal, error, SIGINT, SIGTERM).
"""
import atexit
import csv
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SIPP_DIR = os.path.join(ROOT, "scripts", "sipp", "load")
KAM_CFG = os.path.join(ROOT, "scripts", "kamailio", "kamailio-load.cfg")
JAR = os.path.join(ROOT, "gateway-server", "target", "gateway-server.jar")
CLK_TCK = os.sysconf("SC_CLK_TCK")

UAC_IP, SUT_IP, UAS_IP = "127.0.0.2", "127.0.0.1", "127.0.0.3"
AUTH_USER, AUTH_PASS, AUTH_REALM = "bench-gw-user", "bench-Secret-42", "sip.twilio.com"


def env(name, default):
    v = os.environ.get(name, "")
    return v if v != "" else default


QUICK = env("BENCH_QUICK", "0") == "1"
CFG = {
    "systems": env("BENCH_SYSTEMS", "gateway kamailio").split(),
    "rates": [int(x) for x in env("BENCH_RATES", "100 200 400" if QUICK else
                                  "250 500 1000 1500 2000 2500 3000 3500 4000 5000").split()],
    "step_s": int(env("BENCH_STEP_SECONDS", "5" if QUICK else "30")),
    "hold_ms": int(env("BENCH_HOLD_MS", "200" if QUICK else "1000")),
    "max_failed": float(env("BENCH_MAX_FAILED", "0.001")),
    "min_rate_fraction": float(env("BENCH_MIN_RATE_FRACTION", "0.95")),
    "cpu_rate": int(env("BENCH_CPU_RATE", "200" if QUICK else "500")),
    "cpu_s": int(env("BENCH_CPU_SECONDS", "5" if QUICK else "30")),
    "hold_calls": int(env("BENCH_HOLD_CALLS", "1000" if QUICK else "10000")),
    "hold_rate": int(env("BENCH_HOLD_RATE", "500")),
    "hold_settle_s": float(env("BENCH_HOLD_SETTLE_SECONDS", "5" if QUICK else "40")),
    "retries": int(env("BENCH_RETRIES", "2")),
    "recover_s": float(env("BENCH_RECOVER_SECONDS", "5" if QUICK else "40")),
    "nice": env("BENCH_NICE", ""),
    "max_other_cores": float(env("BENCH_MAX_OTHER_CORES", "0.5")),
    "validate_calls": int(env("BENCH_VALIDATE_CALLS", "50" if QUICK else "200")),
    "pause_s": float(env("BENCH_PAUSE_SECONDS", "2" if QUICK else "5")),
    "sut_cpus": env("BENCH_SUT_CPUS", ""),
    "sipp_cpus": env("BENCH_SIPP_CPUS", ""),
    "gw_port": int(env("BENCH_GW_PORT", "15060")),
    "kam_port": int(env("BENCH_KAM_PORT", "15070")),
    "uas_port": int(env("BENCH_UAS_PORT", "15080")),
    "uac_port": int(env("BENCH_UAC_PORT", "15062")),
    "admin_port": int(env("BENCH_ADMIN_PORT", "18089")),
    "kam_children": int(env("BENCH_KAMAILIO_CHILDREN", "4")),
    "kam_shm_mb": int(env("BENCH_KAMAILIO_SHM_MB", "1024")),
    "java_opts": env("BENCH_JAVA_OPTS", "-XX:MaxGCPauseMillis=20"),
    "udp_buf": int(env("BENCH_UDP_BUFFER_BYTES", "4194304")),
    "gw_challenge": env("BENCH_GATEWAY_CHALLENGE", "auto"),
    "digest_sample": int(env("BENCH_DIGEST_SAMPLE", "0")),
    "keep_work": env("BENCH_KEEP_WORK", "0") == "1",
}

# Limits a proxy does not have, lifted so that the ramp measures the gateway's own capacity (the report says so):
# all of Meta's INVITEs come from one address, and transactions linger 32 s after the call (Timer J/L/M).
GATEWAY_EXTRA_ENV = dict(kv.split("=", 1) for kv in env(
    "BENCH_GATEWAY_ENV", "SOURCE_RATE_LIMIT=0 MAX_TRANSACTIONS=4000000 MAX_CALLS=1000000").split() if "=" in kv)

CHILDREN = []  # Popen objects to stop at exit


def log(msg):
    print("[load %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def stop(p, grace=5.0):
    if p is None or p.poll() is not None:
        return
    try:
        p.terminate()
        p.wait(grace)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(5)
    except ProcessLookupError:
        pass


def stop_all():
    for p in reversed(CHILDREN):
        stop(p, 3.0)
    CHILDREN.clear()


def on_signal(signum, _frame):
    log("signal %d: stopping everything started" % signum)
    stop_all()
    sys.exit(128 + signum)


atexit.register(stop_all)
signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)
signal.signal(signal.SIGHUP, on_signal)


def pin(cpus):
    nice = ["nice", "-n", CFG["nice"]] if CFG["nice"] else []
    return nice + (["taskset", "-c", cpus] if cpus else [])


def spawn(argv, logfile, env_extra=None, cwd=None):
    e = dict(os.environ)
    if env_extra:
        e.update(env_extra)
    out = open(logfile, "ab")
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=e, cwd=cwd)
    CHILDREN.append(p)
    return p


# ---------------------------------------------------------------- /proc helpers

def proc_ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    except (FileNotFoundError, ProcessLookupError):
        return 0


def descendants(pid):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def tree_ticks(pid):
    return sum(proc_ticks(p) for p in descendants(pid))


def cpu_busy_ticks():
    """System-wide busy time (all CPUs, /proc/stat), to see what other processes took during a run."""
    with open("/proc/stat") as f:
        c = [int(x) for x in f.readline().split()[1:]]
    return sum(c[:8]) - c[3] - c[4]  # minus idle and iowait


def port_in_use(port):
    out = subprocess.run(["ss", "-Htuln", "sport = :%d" % port], capture_output=True, text=True).stdout
    return out.strip()


def rss_kb(pids):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def udp_sockets(ip, port):
    """(rx_queue bytes, drops) summed over the UDP sockets bound to ip:port (/proc/net/udp)."""
    want = "%s:%04X" % ("".join("%02X" % int(x) for x in reversed(ip.split("."))), port)
    rxq = drops = n = 0
    per = {}
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    c = line.split()
                    local = c[1]
                    if path.endswith("6"):  # ::ffff:a.b.c.d
                        if not local.upper().startswith("0000000000000000FFFF0000"):
                            continue
                        local = local[24:]
                    if local.upper() == want:
                        n += 1
                        rxq += int(c[4].split(":")[1], 16)
                        drops += int(c[-1])
                        per[c[9]] = int(c[-1])  # by inode
        except FileNotFoundError:
            pass
    return {"sockets": n, "rx_queue": rxq, "drops": drops, "per_socket": per}


def sut_rcvbuf(port):
    try:
        out = subprocess.run(["ss", "-ulnm", "sport = :%d" % port], capture_output=True, text=True).stdout
        return sorted(set(int(x) for x in re.findall(r"rb(\d+)", out)))
    except FileNotFoundError:
        return []


def wait_udp_bound(ip, port, timeout=30.0, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if udp_sockets(ip, port)["sockets"]:
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.2)
    return False


# ---------------------------------------------------------------- SIPp

def sipp_stats(path):
    """Rows of a SIPp -trace_stat file as dicts."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
    except FileNotFoundError:
        return []
    if len(rows) < 2:
        return []
    return [dict(zip(rows[0], r)) for r in rows[1:] if len(r) >= len(rows[0]) - 1]


def stamp_seconds(v):
    # "2026-11-29\t03:41:34.806664\t1795923694.806664" -> the epoch part
    try:
        return float(v.split("\t")[-1])
    except ValueError:
        return 0.0


def num(d, k):
    try:
        return int(float(d.get(k, "0") or 0))
    except ValueError:
        return 0


class Uas:
    def __init__(self, work, variant):
        self.variant = variant
        self.scenario = os.path.join(SIPP_DIR, "uas_twilio_%s.xml" % variant)
        self.stat = os.path.join(work, "uas-%s.csv" % variant)
        self.logf = os.path.join(work, "uas-%s-digest.log" % variant)
        self.errf = os.path.join(work, "uas-%s-errors.log" % variant)
        argv = pin(CFG["sipp_cpus"]) + [
            "sipp", "-sf", self.scenario, "-i", UAS_IP, "-p", str(CFG["uas_port"]), "-t", "u1",
            "-nostdin", "-buff_size", str(CFG["udp_buf"]), "-max_recv_loops", "10000",
            "-trace_stat", "-stf", self.stat, "-fd", "1",
            "-trace_err", "-error_file", self.errf, "-trace_logs", "-log_file", self.logf]
        self.proc = spawn(argv, os.path.join(work, "uas-%s.out" % variant), cwd=work)
        if not wait_udp_bound(UAS_IP, CFG["uas_port"], 10, self.proc):
            raise RuntimeError("the Twilio-side UAS did not start (see %s)" % os.path.join(work, "uas-%s.out" % variant))

    def last(self):
        rows = sipp_stats(self.stat)
        return rows[-1] if rows else {}

    def stop(self):
        stop(self.proc)


def run_uac(work, name, target_port, rate, calls, hold_ms, rtt=False, wait=True):
    stat = os.path.join(work, "uac-%s.csv" % name)
    errf = os.path.join(work, "uac-%s-errors.log" % name)
    limit = max(1000, int(rate * (hold_ms / 1000.0 + 10)))
    timeout_s = int(calls / max(rate, 1) + hold_ms / 1000.0 + 60)
    argv = pin(CFG["sipp_cpus"]) + [
        "sipp", "%s:%d" % (SUT_IP, target_port), "-sf", os.path.join(SIPP_DIR, "uac_whatsapp.xml"),
        "-i", UAC_IP, "-p", str(CFG["uac_port"]), "-t", "u1", "-cid_str", "outgoing:wacid.HBg%u-%p",
        "-r", str(rate), "-rp", "1000", "-m", str(calls), "-l", str(limit), "-d", str(hold_ms),
        "-nostdin", "-buff_size", str(CFG["udp_buf"]), "-max_recv_loops", "10000",
        "-recv_timeout", "10000", "-timeout", "%ds" % timeout_s, "-timeout_error",
        "-trace_stat", "-stf", stat, "-fd", "1", "-trace_err", "-error_file", errf]
    if rtt:
        argv += ["-trace_rtt", "-rtt_freq", "100"]
    t0 = time.time()
    p = spawn(argv, os.path.join(work, "uac-%s.out" % name), cwd=work)
    if not wait:
        return p, stat, t0
    rc = p.wait()
    CHILDREN.remove(p)
    return rc, stat, time.time() - t0, p.pid


def summarize_uac(stat, rate, calls):
    rows = sipp_stats(stat)
    if not rows:
        return {"created": 0, "ok": 0, "failed": calls, "retrans": 0, "achieved": 0.0, "fail_reasons": {}}
    last = rows[-1]
    created = num(last, "TotalCallCreated")
    # generation rate: slope of TotalCallCreated over the rows while calls were being created
    pts = [(stamp_seconds(r["CurrentTime"]), num(r, "TotalCallCreated")) for r in rows]
    start = stamp_seconds(rows[0]["StartTime"])
    pts = [(start, 0)] + pts
    full = next((i for i, (_, c) in enumerate(pts) if c >= created), len(pts) - 1)
    if full >= 2:
        (t_a, c_a), (t_b, c_b) = pts[0], pts[full - 1]
        achieved = (c_b - c_a) / (t_b - t_a) if t_b > t_a else 0.0
    else:
        t_b = pts[full][0]
        achieved = created / (t_b - start) if t_b > start else float(rate)
    reasons = {k[len("Failed"):-3]: num(last, k) for k in last if k.startswith("Failed") and k.endswith("(C)")
               and k != "FailedCall(C)" and num(last, k)}
    return {"created": created, "ok": num(last, "SuccessfulCall(C)"), "failed": num(last, "FailedCall(C)"),
            "retrans": num(last, "Retransmissions(C)"), "dead": num(last, "DeadCallMsgs(C)"),
            "out_of_call": num(last, "OutOfCallMsgs(C)"), "achieved": achieved, "fail_reasons": reasons}


def trim(path, limit=2 * 1024 * 1024):
    """SIPp's error logs reach hundreds of MB in an overloaded step: keep their first `limit` bytes as a sample."""
    try:
        if os.path.getsize(path) > limit:
            os.truncate(path, limit)
            with open(path, "a") as f:
                f.write("\n[... cut at %d bytes by loadtest.py ...]\n" % limit)
    except FileNotFoundError:
        pass


def rtt_values(work, pid):
    vals = []
    for path in glob.glob(os.path.join(work, "uac_whatsapp_%d_rtt.csv" % pid)):
        with open(path) as f:
            for line in f:
                c = line.strip().split(";")
                if len(c) == 3 and c[2] == "1":
                    try:
                        vals.append(float(c[1]))
                    except ValueError:
                        pass
    return vals


def pct(vals, q):
    if not vals:
        return None
    s = sorted(vals)
    k = max(0, min(len(s) - 1, int(round(q / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


# ---------------------------------------------------------------- systems under test

class Gateway:
    name = "gateway"

    def __init__(self, work, challenge):
        self.work = work
        self.port = CFG["gw_port"]
        self.logpath = os.path.join(work, "gateway.log")
        e = {
            "PUBLIC_HOST": "%s:%d" % (SUT_IP, self.port), "PORT": str(self.port), "BIND_ADDRESS": SUT_IP,
            "TWILIO_SIP_DOMAIN": "%s:%d" % (UAS_IP, CFG["uas_port"]), "TWILIO_TRANSPORT": "udp",
            "META_ALLOWED_CIDRS": "%s/32" % UAC_IP, "TWILIO_ALLOWED_CIDRS": "%s/32" % UAS_IP,
            "ADMIN_PORT": str(CFG["admin_port"]), "LOG_LEVEL": "WARN", "UDP_BUFFER_BYTES": str(CFG["udp_buf"]),
            "TWILIO_SIP_USERNAME": AUTH_USER, "TWILIO_SIP_PASSWORD": AUTH_PASS,
        }
        e.update(GATEWAY_EXTRA_ENV)
        self.gclog = os.path.join(work, "gateway-gc.log")
        argv = pin(CFG["sut_cpus"]) + ["java", "-Xlog:gc:file=%s:time" % self.gclog] + CFG["java_opts"].split() + [
            "-jar", JAR]
        # an empty working directory: no stray .env is read
        self.proc = spawn(argv, self.logpath, e, cwd=work)
        self.pid = self.proc.pid
        end = time.time() + 60
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("the gateway exited at start-up (see %s)" % self.logpath)
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % CFG["admin_port"], timeout=1) as r:
                    if r.status == 200:
                        break
            except Exception:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("the gateway did not become ready in 60 s")

    def cpu_ticks(self):
        return proc_ticks(self.pid)

    def rss_kb(self):
        return rss_kb([self.pid])

    def memory_after_gc(self):
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=60)
        time.sleep(1)
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
        m = re.search(r"heap\s+total\s+(\d+)K,\s+used\s+(\d+)K", out)
        return int(m.group(2)) * 1024 if m else None

    memory_label = "Java heap used after a full GC (jcmd GC.run, GC.heap_info)"

    def gc_pauses(self, t0, t1):
        """(count, total ms, max ms, largest heap after a pause in MB) of the GC pauses between epoch t0 and t1."""
        n, total, worst, live = 0, 0.0, 0.0, 0
        try:
            with open(self.gclog, errors="replace") as f:
                for line in f:
                    m = re.match(r"\[([^\]]+)\].*Pause.* ([0-9.]+)ms$", line.strip())
                    if not m:
                        continue
                    try:
                        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
                    except ValueError:
                        continue
                    if t0 <= t <= t1:
                        ms = float(m.group(2))
                        n, total, worst = n + 1, total + ms, max(worst, ms)
                        h = re.search(r"(\d+)M->(\d+)M\(", line)
                        if h:
                            live = max(live, int(h.group(2)))
        except FileNotFoundError:
            pass
        return n, total, worst, live

    def histogram(self, top=15):
        """The biggest classes on the heap while the calls are held (jcmd GC.class_histogram, live objects)."""
        out = subprocess.run(["jcmd", str(self.pid), "GC.class_histogram"], capture_output=True, text=True,
                             timeout=120).stdout
        with open(os.path.join(self.work, "gateway-histogram-held.txt"), "w") as f:
            f.write(out)
        lines = [l for l in out.splitlines() if re.match(r"\s*\d+:\s+\d+\s+\d+", l)]
        return lines[:top]

    def problems(self):
        lines = []
        try:
            with open(self.logpath, errors="replace") as f:
                lines = [l.rstrip() for l in f if re.search(r"\b(WARN|ERROR)\b|Exception", l)]
        except FileNotFoundError:
            pass
        return lines

    def stop(self):
        stop(self.proc, 10)


class Kamailio:
    name = "kamailio"

    def __init__(self, work, _challenge):
        self.work = work
        self.port = CFG["kam_port"]
        self.logpath = os.path.join(work, "kamailio.log")
        self.ctl = "unix:%s" % os.path.join(work, "kamailio_ctl")
        argv = pin(CFG["sut_cpus"]) + [
            "kamailio", "-f", KAM_CFG, "-DD", "-E", "-m", str(CFG["kam_shm_mb"]), "-M", "16", "-Y", work,
            "-P", os.path.join(work, "kamailio.pid"),
            "-A", "LISTEN_PORT=%d" % self.port, "-A", 'TWILIO_DST="%s:%d"' % (UAS_IP, CFG["uas_port"]),
            "-A", 'AUTH_USER="%s"' % AUTH_USER, "-A", 'AUTH_PASS="%s"' % AUTH_PASS,
            "-A", 'CTL_SOCK="%s"' % self.ctl, "-A", "CHILDREN=%d" % CFG["kam_children"],
            "-A", 'META_IP="%s"' % UAC_IP]
        self.proc = spawn(argv, self.logpath, cwd=work)
        self.pid = self.proc.pid
        if not wait_udp_bound(SUT_IP, self.port, 30, self.proc):
            raise RuntimeError("Kamailio did not start (see %s)" % self.logpath)
        time.sleep(1)

    def cpu_ticks(self):
        return tree_ticks(self.pid)

    def rss_kb(self):
        return rss_kb(descendants(self.pid))

    def kamcmd(self, *args):
        return subprocess.run(["kamcmd", "-s", self.ctl] + list(args), capture_output=True, text=True,
                              timeout=30).stdout

    def memory_after_gc(self):
        out = self.kamcmd("core.shmmem")
        m = re.search(r"real_used:\s*(\d+)", out)
        return int(m.group(1)) if m else None

    memory_label = "shared memory real_used (kamcmd core.shmmem; tm keeps no state once the transaction ends)"

    def problems(self):
        try:
            with open(self.logpath, errors="replace") as f:
                return [l.rstrip() for l in f if re.search(r"\b(ERROR|WARNING|CRITICAL|ALERT)\b", l)]
        except FileNotFoundError:
            return []

    def stop(self):
        stop(self.proc, 10)


# ---------------------------------------------------------------- phases

def measured_run(work, sut, uas, name, rate, calls, hold_ms, rtt=False):
    """Runs one UAC and measures the system, SIPp CPU and UDP drops around it."""
    uas_before = uas.last()
    socks_before = udp_sockets(SUT_IP, sut.port)
    drops_before = socks_before["drops"]
    sut_t0 = sut.cpu_ticks()
    uas_t0 = proc_ticks(uas.proc.pid)
    busy_t0 = cpu_busy_ticks()
    t0 = time.time()
    rc, stat, wall, uac_pid = run_uac(work, name, sut.port, rate, calls, hold_ms, rtt=rtt)
    sut_t1 = sut.cpu_ticks()
    uas_t1 = proc_ticks(uas.proc.pid)
    busy_t1 = cpu_busy_ticks()
    t1 = time.time()
    time.sleep(1.2)  # the UAS dumps its statistics every second
    uas_after = uas.last()
    s = summarize_uac(stat, rate, calls)
    trim(os.path.join(work, "uac-%s-errors.log" % name))
    s.update({
        "name": name, "rate": rate, "calls": calls, "rc": rc, "wall_s": wall,
        "sut_cpu_s": (sut_t1 - sut_t0) / CLK_TCK, "uas_cpu_s": (uas_t1 - uas_t0) / CLK_TCK,
        "sut_udp_drops": udp_sockets(SUT_IP, sut.port)["drops"] - drops_before,
        "sut_udp_drops_per_socket": sorted(v - socks_before["per_socket"].get(k, 0) for k, v in
                                           udp_sockets(SUT_IP, sut.port)["per_socket"].items()),
        "uas_failed": num(uas_after, "FailedCall(C)") - num(uas_before, "FailedCall(C)"),
        "uas_retrans": num(uas_after, "Retransmissions(C)") - num(uas_before, "Retransmissions(C)"),
        "uac_cpu_s": UAC_CPU.pop(uac_pid, 0) / CLK_TCK,
    })
    s["other_cores"] = max(0.0, (busy_t1 - busy_t0) / CLK_TCK - s["sut_cpu_s"] - s["uas_cpu_s"] - s["uac_cpu_s"]) / wall
    s["busy_cores"] = (busy_t1 - busy_t0) / CLK_TCK / wall
    s["gc"] = sut.gc_pauses(t0, t1) if hasattr(sut, "gc_pauses") else None
    if rtt:
        s["rtt"] = rtt_values(work, uac_pid)
    total = max(s["created"], 1)
    s["failed_fraction"] = s["failed"] / total
    s["passed"] = (rc in (0, 1) and s["created"] >= calls and s["failed_fraction"] < CFG["max_failed"]
                   and (s["achieved"] >= CFG["min_rate_fraction"] * rate or calls < 3 * rate))  # too short for a rate
    log("%-10s %5d calls/s: created %d, failed %d (%.3f %%), reached %.0f/s, SUT %.0f us/call, "
        "UAC retrans %d, UAS retrans %d, SUT UDP drops by socket %s, other processes %.2f cores, sipp rc %s -> %s" % (
            name, rate, s["created"], s["failed"], 100.0 * s["failed_fraction"], s["achieved"],
            1e6 * s["sut_cpu_s"] / total, s["retrans"], s["uas_retrans"], s["sut_udp_drops_per_socket"], s["other_cores"], rc,
            "ok" if s["passed"] else "FAILED"))
    return s


UAC_CPU = {}


def _wrap_run_uac():
    """run_uac with the UAC's own CPU time taken from /proc just before it is reaped."""
    global run_uac
    inner = run_uac

    def wrapped(work, name, target_port, rate, calls, hold_ms, rtt=False, wait=True):
        if not wait:
            return inner(work, name, target_port, rate, calls, hold_ms, rtt, wait=False)
        p, stat, t0 = inner(work, name, target_port, rate, calls, hold_ms, rtt, wait=False)
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid == p.pid:
                last = int(round((ru.ru_utime + ru.ru_stime) * CLK_TCK))
                p.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.2)
        CHILDREN.remove(p)
        UAC_CPU[p.pid] = last
        return p.returncode, stat, time.time() - t0, p.pid

    run_uac = wrapped


_wrap_run_uac()


def hold_phase(work, sut, uas):
    """Memory per established call. Both readings are taken once the transactions of earlier calls are gone:
    RFC 3261/6026 keep an answered INVITE server transaction 32 s (Timer L) and a non-INVITE one 32 s
    (Timer J) over UDP, so BENCH_HOLD_SETTLE_SECONDS (40) pass before the idle baseline and after the last call
    was set up; what is left is the state of the established calls."""
    n, rate = CFG["hold_calls"], CFG["hold_rate"]
    settle = CFG["hold_settle_s"]
    log("hold: waiting %.0f s for earlier transactions to end, then the idle baseline" % settle)
    time.sleep(settle)
    base_rss = sut.rss_kb()
    base = sut.memory_after_gc()
    create_s = n / float(rate)
    hold_ms = int((create_s + settle + 20) * 1000)
    p, stat, t0 = run_uac(work, "%s-hold" % sut.name, sut.port, rate, n, hold_ms, wait=False)
    deadline = t0 + create_s + settle
    while time.time() < deadline and p.poll() is None:
        time.sleep(0.5)
    rows = sipp_stats(stat)
    last = rows[-1] if rows else {}
    current, failed = num(last, "CurrentCall"), num(last, "FailedCall(C)")
    held_rss = sut.rss_kb()
    held = sut.memory_after_gc()
    histogram = sut.histogram() if hasattr(sut, "histogram") else []
    log("hold: %d calls open (failed %d), memory %s -> %s bytes" % (current, failed, base, held))
    rc = p.wait(timeout=hold_ms / 1000.0 + create_s + 120)
    CHILDREN.remove(p)
    final = summarize_uac(stat, rate, n)
    return {"calls_open": current, "failed_while_open": failed, "baseline": base, "held": held,
            "per_call": (held - base) / current if (held is not None and base is not None and current) else None,
            "rss_base_kb": base_rss, "rss_held_kb": held_rss,
            "rss_per_call": (held_rss - base_rss) * 1024.0 / current if current else None,
            "final_failed": final["failed"], "rc": rc, "hold_ms": hold_ms, "settle_s": settle,
            "histogram": histogram}


def run_system(cls, work, challenge):
    res = {"system": cls.name, "steps": [], "errors": []}
    for port in ([CFG["gw_port"], CFG["admin_port"]] if cls is Gateway else [CFG["kam_port"]]) + [CFG["uas_port"],
                                                                                             CFG["uac_port"]]:
        busy = port_in_use(port)
        if busy:
            raise RuntimeError("port %d is in use (set BENCH_*_PORT): %s" % (port, busy.splitlines()[0]))
    variant = "noauth" if challenge is False else "407"
    res["uas_variant"] = variant
    uas = Uas(work, variant)
    sut = None
    try:
        sut = cls(work, challenge)
        res["rcvbuf"] = sut_rcvbuf(sut.port)
        log("%s up (pid %d), UDP SO_RCVBUF as seen by ss: %s" % (cls.name, sut.pid, res["rcvbuf"]))
        if challenge == "auto":
            # does it answer Twilio's 407? A few calls against the challenging UAS tell.
            probe = res["probe"] = measured_run(work, sut, uas, "%s-probe-407" % cls.name, 10, 5, 100)
            if probe["ok"] == 0:
                log("%s does not answer the 407: continuing with the non-challenging UAS" % cls.name)
                res["notes"] = ["%s did not complete any call against the 407 UAS in a 5-call probe (%s): it ran "
                                "against the non-challenging UAS (uas_twilio_noauth.xml), without digest "
                                "authentication; BENCH_GATEWAY_CHALLENGE=1 forces the 407 UAS" % (
                                    cls.name, probe["fail_reasons"])]
                uas.stop()
                os.rename(uas.logf, uas.logf + ".probe") if os.path.exists(uas.logf) else None
                variant = res["uas_variant"] = "noauth"
                challenge = False
                time.sleep(1)
                uas = Uas(work, variant)
            else:
                challenge = True
        v = measured_run(work, sut, uas, "%s-validate" % cls.name, 50, CFG["validate_calls"], 100)
        res["validate"] = v
        if v["failed"] or v["created"] < CFG["validate_calls"] or v["uas_failed"]:
            res["errors"].append("validation: %d of %d calls failed (UAS failed %d): %s" % (
                v["failed"], v["created"], v["uas_failed"], v["fail_reasons"]))
        time.sleep(CFG["pause_s"])
        best = 0
        for rate in CFG["rates"]:
            for attempt in range(CFG["retries"] + 1):
                s = measured_run(work, sut, uas, "%s-ramp-%d%s" % (cls.name, rate, "" if not attempt else
                                                                    "-retry%d" % attempt),
                                 rate, rate * CFG["step_s"], CFG["hold_ms"])
                res["steps"].append(s)
                time.sleep(CFG["pause_s"])
                # a failure while other processes took a lot of the machine is tried again
                if s["passed"] or s["other_cores"] <= CFG["max_other_cores"]:
                    break
                log("%s: other processes took %.2f cores (> %.2f): step repeated" % (
                    s["name"], s["other_cores"], CFG["max_other_cores"]))
            if not s["passed"]:
                break
            best = rate
        res["max_rate"] = best
        if res["steps"] and not res["steps"][-1]["passed"]:
            # the failed calls of an overloaded step keep retransmitting for up to 32 s: let them die out
            log("waiting %.0f s for the failed step's retransmissions to end" % CFG["recover_s"])
            time.sleep(CFG["recover_s"])
        res["cpu"] = measured_run(work, sut, uas, "%s-cpu" % cls.name, CFG["cpu_rate"],
                                  CFG["cpu_rate"] * CFG["cpu_s"], CFG["hold_ms"])
        time.sleep(CFG["pause_s"])
        srd_rate = max(1, best // 2) if best else max(1, CFG["rates"][0] // 2)
        res["srd"] = measured_run(work, sut, uas, "%s-srd" % cls.name, srd_rate, srd_rate * CFG["step_s"],
                                  CFG["hold_ms"], rtt=True)
        res["hold"] = hold_phase(work, sut, uas)
        res["problems"] = sut.problems()
    finally:
        if sut is not None:
            sut.stop()
        time.sleep(1.2)
        res["uas_total"] = uas.last()
        uas.stop()
        trim(uas.errf)
    if challenge:
        r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "load", "check_digest.py"), uas.logf,
                            "--user", AUTH_USER, "--password", AUTH_PASS, "--realm", AUTH_REALM,
                            "--sample", str(CFG["digest_sample"])], capture_output=True, text=True)
        try:
            res["digest"] = json.loads(r.stdout)
        except ValueError:
            res["digest"] = {"checked": 0, "mismatches": -1, "examples": [r.stdout + r.stderr]}
        if res["digest"]["mismatches"] or not res["digest"]["checked"]:
            res["errors"].append("digest check: %s" % json.dumps(res["digest"]))
    return res


# ---------------------------------------------------------------- report

def version(argv, pattern=None):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        text = (out.stdout + out.stderr).strip()
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return "not found"
    if pattern:
        m = re.search(pattern, text)
        return m.group(0) if m else text.splitlines()[0] if text else "?"
    return text.splitlines()[0] if text else "?"


def fmt(v, spec="%.0f"):
    return "n/a" if v is None else spec % v


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return "%.2f" % (a / b)


def figures(r):
    if r is None:
        return {}
    cpu = r.get("cpu", {})
    srd = r.get("srd", {})
    rtt = srd.get("rtt") or []
    calls = max(cpu.get("created", 0), 1)
    return {
        "max_rate": r.get("max_rate"),
        "srd_rate": srd.get("rate"),
        "srd_p50": pct(rtt, 50), "srd_p99": pct(rtt, 99),
        "srd_mean": (sum(rtt) / len(rtt)) if rtt else None,
        "cpu_us": 1e6 * cpu["sut_cpu_s"] / calls if cpu else None,
        "sipp_ms": 1e3 * (cpu["uac_cpu_s"] + cpu["uas_cpu_s"]) / calls if cpu else None,
        "cpu_us_ramp": next((1e6 * x["sut_cpu_s"] / max(x["created"], 1) for x in r.get("steps", [])
                             if x["rate"] == CFG["cpu_rate"] and x["passed"]), None),
        "mem_per_call": (r.get("hold") or {}).get("per_call"),
        "rss_per_call": (r.get("hold") or {}).get("rss_per_call"),
        "calls_open": (r.get("hold") or {}).get("calls_open"),
    }


def report(results, started, command, notes):
    g, k = results.get("gateway"), results.get("kamailio")
    fg, fk = figures(g), figures(k)
    L = []
    L.append("# Load test: gateway vs Kamailio (SIPp, UDP, loopback)")
    L.append("")
    L.append("- date: %s (UTC), %s" % (started.strftime("%Y-%m-%d %H:%M:%S"),
                                       "BENCH_QUICK=1 (harness check, not a measurement)" if QUICK else "full run"))
    L.append("- command: `%s`" % command)
    cpu_model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    L.append("- machine: nproc %d, CPU %s, kernel %s, net.core.rmem_max %s" % (
        os.cpu_count(), cpu_model, platform.release(), open("/proc/sys/net/core/rmem_max").read().strip()))
    L.append("- versions: %s; %s; %s" % (
        version(["sipp", "-v"], r"SIPp v[^\s]+"), version(["kamailio", "-v"], r"kamailio [0-9.]+[^\s]*"),
        version(["java", "-version"])))
    L.append("- load average at the start: %s (other processes' CPU during each run: last columns below)" % LOADAVG)
    L.append("- priority: %s" % ("nice -n %s for the system under test and SIPp" % CFG["nice"] if CFG["nice"] else
                                 "not changed (BENCH_NICE unset)"))
    L.append("- pinning: system under test %s; SIPp UAC and UAS %s" % (
        "taskset -c " + CFG["sut_cpus"] if CFG["sut_cpus"] else "not pinned",
        "taskset -c " + CFG["sipp_cpus"] if CFG["sipp_cpus"] else "not pinned (all processes share all cores)"))
    L.append("- workload: Meta-side UAC %s:%d -> system %s (gateway :%d, Kamailio :%d) -> Twilio-side UAS %s:%d; "
             "WhatsApp SDES INVITE (opus+PCMU+PCMA+telephone-event); hold %d ms; ramp %s calls/s, %d s per step, "
             "pass = < %.1f %% failed and >= %d %% of the rate reached (a failed step is repeated up to %d times when other processes took more than %.2f cores during it); CPU at %d calls/s for %d s; "
             "memory with %d calls held (opened at %d calls/s, read %.0f s after the last set-up)" % (
                 UAC_IP, CFG["uac_port"], SUT_IP, CFG["gw_port"], CFG["kam_port"], UAS_IP, CFG["uas_port"],
                 CFG["hold_ms"], " ".join(map(str, CFG["rates"])), CFG["step_s"], 100 * CFG["max_failed"],
                 int(100 * CFG["min_rate_fraction"]), CFG["retries"], CFG["max_other_cores"], CFG["cpu_rate"], CFG["cpu_s"], CFG["hold_calls"],
                 CFG["hold_rate"], CFG["hold_settle_s"]))
    for r in (g, k):
        if r:
            L.append("- %s: Twilio-side UAS `uas_twilio_%s.xml`; UDP SO_RCVBUF of its socket(s) %s bytes%s" % (
                r["system"], r["uas_variant"], r.get("rcvbuf"),
                "; %d Kamailio UDP children, -m %d MB shared memory" % (CFG["kam_children"], CFG["kam_shm_mb"])
                if r["system"] == "kamailio" else
                "; JVM options `%s`; environment added: `%s`" % (CFG["java_opts"] or "(defaults)",
                                                                 " ".join("%s=%s" % kv for kv in
                                                                          GATEWAY_EXTRA_ENV.items()))))
    for n in notes + [x for r in (g, k) if r for x in r.get("notes", [])]:
        L.append("- note: %s" % n)
    L.append("")
    L.append("| figure | gateway | Kamailio | ratio gateway/Kamailio |")
    L.append("|---|---:|---:|---:|")

    def row(label, key, spec="%.0f"):
        L.append("| %s | %s | %s | %s |" % (label, fmt(fg.get(key), spec), fmt(fk.get(key), spec),
                                             ratio(fg.get(key), fk.get(key))))

    row("highest rate sustained %d s with < %.1f %% failed (calls/s)" % (CFG["step_s"], 100 * CFG["max_failed"]),
        "max_rate")
    row("SRD rate: half the sustained rate (calls/s)", "srd_rate")
    row("SRD p50 (ms, SIPp rtd: whole ms)", "srd_p50", "%.0f")
    row("SRD p99 (ms, SIPp rtd: whole ms)", "srd_p99", "%.0f")
    row("SRD mean (ms)", "srd_mean", "%.2f")
    row("CPU-us per call at %d calls/s (process total)" % CFG["cpu_rate"], "cpu_us")
    row("CPU-us per call in the ramp step at %d calls/s" % CFG["cpu_rate"], "cpu_us_ramp")
    row("memory per established call (bytes; gateway: heap after GC, Kamailio: shm)", "mem_per_call")
    row("calls held open for the memory figure", "calls_open")
    row("SIPp CPU-ms per call (UAC+UAS) at %d calls/s" % CFG["cpu_rate"], "sipp_ms", "%.2f")
    L.append("")
    for r in (g, k):
        if not r:
            continue
        L.append("### %s: every run" % r["system"])
        L.append("")
        L.append("| run | target calls/s | reached | calls | failed | failure reasons | UAC retrans | UAS retrans "
                 "| SUT UDP drops | SUT CPU-us/call | SUT cores | SIPp cores | other processes (cores) | GC pauses: n / total ms / max ms / largest heap after a pause (MB) "
                 "| result |")
        L.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        runs = [r.get("probe"), r.get("validate")] + r.get("steps", []) + [r.get("cpu"), r.get("srd")]
        for s in runs:
            if not s:
                continue
            L.append("| %s | %d | %.0f | %d | %d | %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %s | %s |" % (
                s["name"], s["rate"], s["achieved"], s["created"], s["failed"],
                ", ".join("%s %d" % kv for kv in s["fail_reasons"].items()) or "-", s["retrans"], s["uas_retrans"],
                s["sut_udp_drops"], 1e6 * s["sut_cpu_s"] / max(s["created"], 1), s["sut_cpu_s"] / s["wall_s"],
                (s["uac_cpu_s"] + s["uas_cpu_s"]) / s["wall_s"], s["other_cores"],
                "%d / %.0f / %.0f / %d" % tuple(s["gc"]) if s.get("gc") else "-", "ok" if s["passed"] else "FAILED"))
        h = r.get("hold")
        if h:
            L.append("")
            L.append("Memory: %s: idle %s bytes, with %d calls open %s bytes (both read %.0f s after the last "
                     "call set-up); %d calls failed while held, %d in the whole hold run. RSS: idle %d kB, "
                     "held %d kB." % (
                         (GatewayMemLabel if r["system"] == "gateway" else KamMemLabel),
                         fmt(h["baseline"]), h["calls_open"], fmt(h["held"]), h["settle_s"],
                         h["failed_while_open"], h["final_failed"], h["rss_base_kb"], h["rss_held_kb"]))
        if h and h.get("histogram"):
            L.append("")
            L.append("Largest classes on the gateway heap with the calls held (jcmd GC.class_histogram):")
            L.append("")
            L.append("```")
            L.extend(h["histogram"])
            L.append("```")
        d = r.get("digest")
        if d is not None:
            L.append("")
            L.append("Digest (407 flow): %d Proxy-Authorization headers recomputed by check_digest.py, "
                     "%d mismatches%s." % (d["checked"], d["mismatches"],
                                           (": " + "; ".join(d["examples"])) if d["examples"] else ""))
        elif r["uas_variant"] == "noauth":
            L.append("")
            L.append("Digest: not exercised (the UAS does not challenge in this run).")
        probs = r.get("problems") or []
        L.append("")
        L.append("Log lines at WARN/ERROR in the %s log: %d%s" % (r["system"], len(probs), ":" if probs else "."))
        if probs:
            seen = {}
            for p in probs:
                key = re.sub(r"\d+", "#", p)[:160]
                seen.setdefault(key, [0, p])
                seen[key][0] += 1
            L.append("")
            L.append("```")
            for key, (cnt, sample) in sorted(seen.items(), key=lambda kv: -kv[1][0])[:10]:
                L.append("%6d x %s" % (cnt, sample[:300]))
            L.append("```")
        if r["errors"]:
            L.append("")
            L.append("Errors: " + " | ".join(r["errors"]))
        L.append("")
    return "\n".join(L) + "\n"


GatewayMemLabel = Gateway.memory_label
KamMemLabel = Kamailio.memory_label


LOADAVG = open("/proc/loadavg").read().strip()


def main():
    started = datetime.datetime.utcnow()
    out_dir = os.path.join(ROOT, "bench-results")
    os.makedirs(out_dir, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    work = os.path.join(out_dir, "load-%s-work" % stamp)
    os.makedirs(work)
    command = env("BENCH_COMMAND", " ".join(sys.argv))
    for tool in ("sipp", "kamailio", "kamcmd", "jcmd", "java"):
        if not shutil.which(tool):
            log("missing tool: %s (apt-get install -y sip-tester kamailio kamailio-extra-modules)" % tool)
            return 2
    if not os.path.exists(JAR):
        log("missing %s (./mvnw -q -B -DskipTests package)" % JAR)
        return 2
    notes = []
    challenge_gw = {"auto": "auto", "1": True, "0": False}.get(CFG["gw_challenge"], "auto")
    if challenge_gw is False:
        notes.append("BENCH_GATEWAY_CHALLENGE=0: the gateway runs against the non-challenging UAS "
                     "(uas_twilio_noauth.xml), Kamailio against the 407 one")
    notes.append("SRD is SIPp's rtd 1 of the UAC (INVITE sent -> 180, or 200 when it comes first), measured with "
                 "SIPp's millisecond clock, so p50/p99 are whole milliseconds (0 = under 1 ms); the mean is the "
                 "better figure below 1 ms")
    notes.append("'other processes' = all busy CPU time (/proc/stat) minus the system under test and SIPp: other "
                 "users of the machine, and kernel work not charged to a process (ksoftirqd under overload)")
    notes.append("a proxy keeps Call-ID and To and does not raise CSeq when uac_auth() answers the 407; the "
                 "gateway (a B2BUA) builds a new dialog, so it does more work per call by design")
    results = {}
    status = 0
    for name in CFG["systems"]:
        cls = {"gateway": Gateway, "kamailio": Kamailio}[name]
        log("==== %s ====" % name)
        try:
            results[name] = run_system(cls, work, challenge_gw if name == "gateway" else True)
        except Exception as e:  # report what we have
            log("%s: %s" % (name, e))
            results[name] = {"system": name, "errors": [str(e)], "steps": [], "uas_variant": "?"}
            status = 1
        if results[name]["errors"]:
            status = 1
        stop_all()
        time.sleep(2)
    text = report(results, started, command, notes)
    md = os.path.join(out_dir, "load-%s.md" % stamp)
    with open(md, "w") as f:
        f.write(text)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    print(text)
    log("written: %s (work files: %s)" % (md, work))
    if not CFG["keep_work"]:
        # keep the small files (stats, errors, logs of the systems); drop the big per-call logs
        for p in glob.glob(os.path.join(work, "*_rtt.csv")) + glob.glob(os.path.join(work, "*digest.log")):
            os.remove(p)
    return status


if __name__ == "__main__":
    sys.exit(main())
