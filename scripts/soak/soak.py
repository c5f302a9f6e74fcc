#!/usr/bin/env python3
"""Soak test of the gateway (scripts/soak.sh; not in CI): a steady SIPp load for a long time, watching for growth.

Meta-side SIPp UAC (127.0.0.2) -> gateway (127.0.0.1) -> Twilio-side SIPp UAS (127.0.0.3, answers with a 407
challenge first), UDP on loopback; the scenarios and command lines are those of the load test
(scripts/load/loadtest.py, scripts/sipp/load/*.xml), on other ports so that a soak and a bench never clash.

One UAC runs SOAK_RATE calls/s for SOAK_MINUTES, each call held SOAK_HOLD_MS. Samples:
  idle-start  before any traffic
  load        every SOAK_SAMPLE_SECONDS while the UAC generates calls (and one just before it stops)
  idle-end    once the UAC is done and the gateway holds no call and no transaction (or SOAK_DRAIN_SECONDS passed)
Each sample: Java heap used after full GCs (jcmd GC.class_histogram and GC.run, then GC.heap_info; the
histograms give the live objects that grew the most), RSS, open file descriptors
(/proc/<pid>/fd), threads (/proc/<pid>/status), sipgw_calls_active and sipgw_transactions_active (admin /metrics),
the UAC's cumulative calls (SIPp -trace_stat), UDP drops on the gateway's socket, the gateway's CPU over the
interval, and WARN/ERROR lines in its log.

Verdict (exit 1 when any fails): heap after GC, fds and threads of the first load sample at or after the warm-up
(SOAK_WARMUP_SECONDS) against the last load sample, with tolerances; failed calls <= SOAK_MAX_FAILED_PCT; every
call created finished; the gateway drained to 0 calls and 0 transactions; the gateway still running.
Everything this script starts is stopped when it ends (normally, on an error, on SIGINT/SIGTERM/SIGHUP; the
children also get SIGTERM from the kernel if this process is killed outright).
"""
import atexit
import ctypes
import datetime
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SIPP_DIR = os.path.join(ROOT, "scripts", "sipp", "load")
JAR = os.path.join(ROOT, "gateway-server", "target", "gateway-server.jar")
CLK_TCK = os.sysconf("SC_CLK_TCK")
MIB = 1024.0 * 1024.0

UAC_IP, GW_IP, UAS_IP = "127.0.0.2", "127.0.0.1", "127.0.0.3"
# the credentials the Twilio-side UAS (uas_twilio_407.xml) challenges for; same as scripts/load/loadtest.py
AUTH_USER, AUTH_PASS = "bench-gw-user", "bench-Secret-42"


def env(name, default):
    v = os.environ.get(name, "")
    return v if v.strip() != "" else default


def build_cfg():
    minutes = float(env("SOAK_MINUTES", "30"))
    dur = minutes * 60.0
    hold_s = int(env("SOAK_HOLD_MS", "2000")) / 1000.0
    c = {
        "rate": float(env("SOAK_RATE", "250")),
        "minutes": minutes,
        "duration_s": dur,
        "hold_ms": int(env("SOAK_HOLD_MS", "2000")),
        # 60 s, but at least 6 samples under load in a short run
        "sample_s": float(env("SOAK_SAMPLE_SECONDS", str(min(60.0, max(10.0, dur / 6.0))))),
        # 2 minutes, or a quarter of a short run but no less than the time the state of the gateway takes to
        # level off: the hold time plus 32 s (Timer J/L keep a UDP transaction 32 s after its final response)
        "warmup_s": float(env("SOAK_WARMUP_SECONDS", str(min(120.0, max(dur / 4.0, 40.0 + hold_s))))),
        "drain_s": float(env("SOAK_DRAIN_SECONDS", "60")),
        "heap_tol_pct": float(env("SOAK_HEAP_TOLERANCE_PCT", "20")),
        "heap_tol_mib": float(env("SOAK_HEAP_TOLERANCE_MIB", "8")),
        "fd_tol": int(env("SOAK_FD_TOLERANCE", "10")),
        "thread_tol": int(env("SOAK_THREAD_TOLERANCE", "2")),
        "max_failed_pct": float(env("SOAK_MAX_FAILED_PCT", "0.1")),
        "gw_port": int(env("SOAK_GW_PORT", "16060")),
        "uas_port": int(env("SOAK_UAS_PORT", "16080")),
        "uac_port": int(env("SOAK_UAC_PORT", "16062")),
        "admin_port": int(env("SOAK_ADMIN_PORT", "18189")),
        "java_opts": env("SOAK_JAVA_OPTS", "-XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError"),
        "gateway_env": env("SOAK_GATEWAY_ENV", "SOURCE_RATE_LIMIT=0"),
        "udp_buf": int(env("SOAK_UDP_BUFFER_BYTES", "4194304")),
    }
    return c


CFG = build_cfg()
GATEWAY_EXTRA_ENV = dict(kv.split("=", 1) for kv in CFG["gateway_env"].split() if "=" in kv)
CHILDREN = []  # Popen objects to stop at exit


def log(msg):
    print("[soak %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes

_libc = None


def _die_with_parent():
    """In the child before exec: SIGTERM when this script dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        _libc.prctl(1, signal.SIGTERM, 0, 0, 0)
    except Exception:
        pass
    # SIGINT is the terminal's to this script; the children are stopped by it (the JVM would run its
    # shutdown hooks on SIGINT too, which is what SIGTERM does anyway)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop(p, grace=5.0):
    if p is None or p.poll() is not None:
        return
    try:
        p.terminate()
        p.wait(grace)
    except subprocess.TimeoutExpired:
        p.kill()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
    except ProcessLookupError:
        pass


def stop_all(grace=10.0):
    """SIGTERM to every child at once, SIGKILL to those still running after the grace time (the gateway drains
    its calls for up to DRAIN_TIMEOUT on SIGTERM; an interrupted soak does not wait for that)."""
    procs = [p for p in CHILDREN if p.poll() is None]
    for p in procs:
        try:
            p.terminate()
        except ProcessLookupError:
            pass
    end = time.time() + grace
    for p in procs:
        try:
            p.wait(max(0.1, end - time.time()))
        except subprocess.TimeoutExpired:
            p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
    CHILDREN.clear()


class Interrupted(BaseException):
    def __init__(self, signum):
        super().__init__("signal %d" % signum)
        self.signum = signum


_interrupted = []


def on_signal(signum, _frame):
    """The first signal stops the children and ends the soak with a report of the samples taken so far;
    a second one ends at once."""
    log("signal %d: stopping everything started" % signum)
    stop_all(5.0)
    if _interrupted:
        os._exit(128 + signum)
    _interrupted.append(signum)
    raise Interrupted(signum)


atexit.register(stop_all)
for _s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_s, on_signal)


def spawn(argv, logfile, env_extra=None, cwd=None):
    e = dict(os.environ)
    if env_extra:
        e.update(env_extra)
    with open(logfile, "ab") as out:
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=e,
                             cwd=cwd, preexec_fn=_die_with_parent)
    CHILDREN.append(p)
    return p


def port_in_use(port):
    try:
        return subprocess.run(["ss", "-Htuln", "sport = :%d" % port], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        return ""


def udp_sockets(ip, port):
    """(number of sockets, drops) over the UDP sockets bound to ip:port (/proc/net/udp, udp6)."""
    want = "%s:%04X" % ("".join("%02X" % int(x) for x in reversed(ip.split("."))), port)
    n = drops = 0
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    c = line.split()
                    local = c[1].upper()
                    if path.endswith("6"):
                        if not local.startswith("0000000000000000FFFF0000"):
                            continue
                        local = local[24:]
                    if local == want:
                        n += 1
                        drops += int(c[-1])
        except FileNotFoundError:
            pass
    return n, drops


def wait_udp_bound(ip, port, timeout, proc):
    end = time.time() + timeout
    while time.time() < end:
        if udp_sockets(ip, port)[0]:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def proc_status(pid):
    """(RSS kB, threads) from /proc/<pid>/status."""
    rss = threads = None
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return rss, threads


def open_fds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def proc_ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (FileNotFoundError, ProcessLookupError):
        return None


# ---------------------------------------------------------------- SIPp statistics

def last_stat_row(path):
    """The header and the last complete row of a SIPp -trace_stat file, as a dict (empty when none yet)."""
    try:
        with open(path, "rb") as f:
            header = f.readline().decode(errors="replace").rstrip("\r\n")
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 65536))
            tail = f.read().decode(errors="replace")
    except FileNotFoundError:
        return {}
    keys = header.split(";")
    # the last line may be half written: a row counts when it has all the fields (and ends like the header)
    for line in reversed(tail.split("\n")[1:]):  # [0]: the header or a cut line
        line = line.rstrip("\r")
        vals = line.split(";")
        if len(vals) >= len(keys) and (line.endswith(";") or not header.endswith(";")):
            return dict(zip(keys, vals))
    return {}


def num(d, k):
    try:
        return int(float(d.get(k, "0") or 0))
    except ValueError:
        return 0


def fail_reasons(row):
    return {k[len("Failed"):-3]: num(row, k) for k in row
            if k.startswith("Failed") and k.endswith("(C)") and k != "FailedCall(C)" and num(row, k)}


# ---------------------------------------------------------------- the gateway

class Gateway:
    def __init__(self, work):
        self.work = work
        self.logpath = os.path.join(work, "gateway.log")
        self.gclog = os.path.join(work, "gateway-gc.log")
        self.env = {
            "PUBLIC_HOST": "%s:%d" % (GW_IP, CFG["gw_port"]), "PORT": str(CFG["gw_port"]), "BIND_ADDRESS": GW_IP,
            "TWILIO_SIP_DOMAIN": "%s:%d" % (UAS_IP, CFG["uas_port"]), "TWILIO_TRANSPORT": "udp",
            "META_ALLOWED_CIDRS": "%s/32" % UAC_IP, "TWILIO_ALLOWED_CIDRS": "%s/32" % UAS_IP,
            "ADMIN_PORT": str(CFG["admin_port"]), "LOG_LEVEL": "WARN", "UDP_BUFFER_BYTES": str(CFG["udp_buf"]),
            "TWILIO_SIP_USERNAME": AUTH_USER, "TWILIO_SIP_PASSWORD": AUTH_PASS,
            # on SIGTERM the gateway waits for its calls to end; after the soak there are none, and an
            # interrupted soak should not leave it running for the default 30 s
            "DRAIN_TIMEOUT": "5s",
        }
        self.env.update(GATEWAY_EXTRA_ENV)
        self.argv = ["java", "-Xlog:gc:file=%s:time" % self.gclog] + CFG["java_opts"].split() + ["-jar", JAR]
        # an empty working directory: no stray .env is read
        self.proc = spawn(self.argv, self.logpath, self.env, cwd=work)
        self.pid = self.proc.pid
        end = time.time() + 60
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("the gateway exited at start-up (see %s)" % self.logpath)
            if self.http("/readyz", 1) is not None:
                break
            time.sleep(0.3)
        else:
            raise RuntimeError("the gateway did not become ready in 60 s (see %s)" % self.logpath)

    def http(self, path, timeout=5):
        try:
            with urllib.request.urlopen("http://%s:%d%s" % (GW_IP, CFG["admin_port"], path), timeout=timeout) as r:
                return r.read().decode(errors="replace") if r.status == 200 else None
        except Exception:
            return None

    def metrics(self):
        text = self.http("/metrics") or ""
        out = {}
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rsplit(None, 1)
            if len(parts) == 2:
                try:
                    out[parts[0]] = float(parts[1])
                except ValueError:
                    pass
        return out, text

    def jcmd(self, *args, timeout=120):
        try:
            return subprocess.run(["jcmd", str(self.pid)] + list(args), capture_output=True, text=True,
                                  timeout=timeout).stdout
        except subprocess.TimeoutExpired:
            return ""

    def heap_after_gc(self, histogram_file=None):
        """Java heap used after full GCs, in bytes, the committed heap, and the live objects by class
        ({class: (instances, bytes)}). Two full GCs: GC.class_histogram (it runs one, then counts the live
        objects) and GC.run (it frees what finalization or reference processing left after the first)."""
        hist = self.jcmd("GC.class_histogram")
        if histogram_file:
            with open(histogram_file, "w") as f:
                f.write(hist)
        classes = {}
        for line in hist.splitlines():
            m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
            if m:
                n, b = classes.get(m.group(3), (0, 0))
                classes[m.group(3)] = (n + int(m.group(1)), b + int(m.group(2)))
        time.sleep(0.3)
        self.jcmd("GC.run")
        out = self.jcmd("GC.heap_info")
        m = re.search(r"heap\s+total\s+(\d+)K,\s+used\s+(\d+)K", out)
        if not m:
            return None, None, classes
        return int(m.group(2)) * 1024, int(m.group(1)) * 1024, classes

    def problems(self):
        try:
            with open(self.logpath, errors="replace") as f:
                return [l.rstrip() for l in f if re.search(r"\b(WARN|ERROR)\b|Exception|OutOfMemory", l)]
        except FileNotFoundError:
            return []

    def gc_summary(self):
        """(pauses other than the full GCs this script asked for: count, total ms, max ms; full GCs asked for)."""
        n, total, worst, asked = 0, 0.0, 0.0, 0
        try:
            with open(self.gclog, errors="replace") as f:
                for line in f:
                    m = re.search(r"Pause.* ([0-9.]+)ms$", line.strip())
                    if not m:
                        continue
                    if "System.gc()" in line or "Diagnostic Command" in line or "Heap Inspection" in line:
                        asked += 1
                        continue
                    ms = float(m.group(1))
                    n, total, worst = n + 1, total + ms, max(worst, ms)
        except FileNotFoundError:
            pass
        return n, total, worst, asked

    def alive(self):
        return self.proc.poll() is None


# ---------------------------------------------------------------- sampling

class Sampler:
    def __init__(self, gw, uac_stat, uas_stat):
        self.gw, self.uac_stat, self.uas_stat = gw, uac_stat, uas_stat
        self.rows = []
        self.prev = None  # (time, gateway ticks, UAC calls created)

    def take(self, phase, t_rel):
        gw = self.gw
        t_start = time.time()
        ticks = proc_ticks(gw.pid)
        uac = last_stat_row(self.uac_stat)
        uas = last_stat_row(self.uas_stat)
        created = num(uac, "TotalCallCreated")
        m, _ = gw.metrics()
        rss, threads = proc_status(gw.pid)
        fds = open_fds(gw.pid)
        heap, committed, classes = gw.heap_after_gc(
            os.path.join(gw.work, "histogram-%s-%04.0fs.txt" % (phase, t_rel)))
        _, drops = udp_sockets(GW_IP, CFG["gw_port"])
        cores = us_per_call = None
        if self.prev is not None and ticks is not None and self.prev[1] is not None:
            dt = t_start - self.prev[0]
            dticks = (ticks - self.prev[1]) / float(CLK_TCK)
            dcalls = created - self.prev[2]
            cores = dticks / dt if dt > 0 else None
            us_per_call = 1e6 * dticks / dcalls if dcalls > 0 else None
        self.prev = (t_start, ticks, created)
        row = {
            "phase": phase, "t": t_rel, "clock": time.strftime("%H:%M:%S", time.gmtime(t_start)),
            "heap": heap, "committed": committed, "rss_kb": rss, "fds": fds, "threads": threads,
            "calls_active": m.get("sipgw_calls_active"), "tx_active": m.get("sipgw_transactions_active"),
            "created": created, "ok": num(uac, "SuccessfulCall(C)"), "failed": num(uac, "FailedCall(C)"),
            "uac_current": num(uac, "CurrentCall"), "retrans": num(uac, "Retransmissions(C)"),
            "uas_failed": num(uas, "FailedCall(C)"), "uas_retrans": num(uas, "Retransmissions(C)"),
            "drops": drops, "cores": cores, "us_per_call": us_per_call, "problems": len(gw.problems()),
            "sample_s": time.time() - t_start, "classes": classes,
        }
        self.rows.append(row)
        log("%-10s t=%5.0fs heap-after-GC %s MiB, RSS %s MiB, fds %s, threads %s, calls %s, tx %s; UAC created %d "
            "ok %d failed %d; gw %s cores" % (
                phase, t_rel, f1(heap, MIB), f1(rss, 1024), fds, threads, fi(row["calls_active"]),
                fi(row["tx_active"]), created, row["ok"], row["failed"], f2(cores)))
        return row


def f1(v, div=1.0):
    return "n/a" if v is None else "%.1f" % (v / div)


def f2(v):
    return "n/a" if v is None else "%.2f" % v


def fi(v):
    return "n/a" if v is None else "%d" % v


# ---------------------------------------------------------------- run

def version(argv, pattern=None):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        text = (out.stdout + out.stderr).strip()
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return "not found"
    if pattern:
        m = re.search(pattern, text)
        if m:
            return m.group(0)
    return text.splitlines()[0] if text else "?"


def git_rev():
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "") if rev else "?"
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return "?"


def run(work, res):
    for port in (CFG["gw_port"], CFG["admin_port"], CFG["uas_port"], CFG["uac_port"]):
        busy = port_in_use(port)
        if busy:
            raise RuntimeError("port %d is in use (set SOAK_*_PORT): %s" % (port, busy.splitlines()[0]))
    rate, dur, hold = CFG["rate"], CFG["duration_s"], CFG["hold_ms"]
    calls = int(round(rate * dur))
    if calls < 1:
        raise RuntimeError("SOAK_RATE x SOAK_MINUTES gives no call")

    uas_stat = os.path.join(work, "uas.csv")
    uas_argv = ["sipp", "-sf", os.path.join(SIPP_DIR, "uas_twilio_407.xml"), "-i", UAS_IP, "-p", str(CFG["uas_port"]),
                "-t", "u1", "-nostdin", "-buff_size", str(CFG["udp_buf"]), "-max_recv_loops", "10000",
                "-trace_stat", "-stf", uas_stat, "-fd", "1",
                "-trace_err", "-error_file", os.path.join(work, "uas-errors.log")]
    uas = spawn(uas_argv, os.path.join(work, "uas.out"), cwd=work)
    if not wait_udp_bound(UAS_IP, CFG["uas_port"], 10, uas):
        raise RuntimeError("the Twilio-side UAS did not start (see %s)" % os.path.join(work, "uas.out"))
    res["uas_argv"] = uas_argv

    gw = Gateway(work)
    res["gateway_argv"] = gw.argv
    res["gateway_env"] = gw.env
    log("gateway up (pid %d); SIPp UAS up (pid %d)" % (gw.pid, uas.pid))
    _, text = gw.metrics()
    with open(os.path.join(work, "metrics-start.txt"), "w") as f:
        f.write(text)
    if "sipgw_calls_active" not in text or "sipgw_transactions_active" not in text:
        res["notes"].append("the gateway's /metrics lacks sipgw_calls_active or sipgw_transactions_active: "
                            "those columns are n/a")

    uac_stat = os.path.join(work, "uac.csv")
    sampler = Sampler(gw, uac_stat, uas_stat)
    res["rows"] = sampler.rows  # the report of an interrupted soak shows the samples taken so far
    res["calls_planned"] = calls
    res["uac_stat"], res["uas_stat"] = uac_stat, uas_stat
    time.sleep(2)
    sampler.take("idle-start", 0.0)

    limit = max(1000, int(rate * (hold / 1000.0 + 10)))
    timeout_s = int(dur + hold / 1000.0 + 120)
    uac_argv = ["sipp", "%s:%d" % (GW_IP, CFG["gw_port"]), "-sf", os.path.join(SIPP_DIR, "uac_whatsapp.xml"),
                "-i", UAC_IP, "-p", str(CFG["uac_port"]), "-t", "u1", "-cid_str", "outgoing:wacid.HBg%u-%p",
                "-r", "%g" % rate, "-rp", "1000", "-m", str(calls), "-l", str(limit), "-d", str(hold),
                "-nostdin", "-buff_size", str(CFG["udp_buf"]), "-max_recv_loops", "10000",
                "-recv_timeout", "10000", "-timeout", "%ds" % timeout_s, "-timeout_error",
                "-trace_stat", "-stf", uac_stat, "-fd", "1",
                "-trace_err", "-error_file", os.path.join(work, "uac-errors.log")]
    res["uac_argv"] = uac_argv
    t0 = time.time()
    uac = spawn(uac_argv, os.path.join(work, "uac.out"), cwd=work)
    log("UAC started (pid %d): %g calls/s for %.0f s (%d calls), hold %d ms" % (uac.pid, rate, dur, calls, hold))

    # load samples: every sample_s, and one 5 s before the UAC stops creating calls
    times = []
    k = 1
    while k * CFG["sample_s"] <= dur - 5:
        times.append(k * CFG["sample_s"])
        k += 1
    if not times or dur - 5 - times[-1] >= 3:
        times.append(max(1.0, dur - 5))
    for ts in times:
        while time.time() - t0 < ts:
            if uac.poll() is not None or not gw.alive():
                break
            time.sleep(min(1.0, max(0.05, ts - (time.time() - t0))))
        if uac.poll() is not None or not gw.alive():
            break
        sampler.take("load", time.time() - t0)

    if not gw.alive():
        res["errors"].append("the gateway exited during the soak (exit code %s; see %s)" % (
            gw.proc.returncode, gw.logpath))
    # the UAC ends when its last call ended (hold time + BYE), or at its -timeout
    try:
        uac_rc = uac.wait(timeout=max(30.0, timeout_s - (time.time() - t0) + 30))
    except subprocess.TimeoutExpired:
        stop(uac)
        uac_rc = "killed"
    if uac in CHILDREN:
        CHILDREN.remove(uac)
    res["uac_rc"] = uac_rc
    res["uac_wall_s"] = time.time() - t0
    time.sleep(1.2)  # the UAS writes its statistics every second
    log("UAC done (exit %s) after %.0f s" % (uac_rc, res["uac_wall_s"]))

    # drain: Timer J/L keep a transaction 32 s after its final response over UDP
    drained = None
    if gw.alive():
        end = time.time() + CFG["drain_s"]
        while time.time() < end:
            m, _ = gw.metrics()
            if m.get("sipgw_calls_active") == 0 and m.get("sipgw_transactions_active") == 0:
                drained = time.time() - t0 - res["uac_wall_s"]
                break
            time.sleep(1)
        res["drained_after_s"] = drained
        sampler.take("idle-end", time.time() - t0)
        _, text = gw.metrics()
        with open(os.path.join(work, "metrics-end.txt"), "w") as f:
            f.write(text)
        hist = gw.jcmd("GC.class_histogram")
        with open(os.path.join(work, "gateway-histogram-end.txt"), "w") as f:
            f.write(hist)
        res["histogram"] = [l for l in hist.splitlines() if re.match(r"\s*\d+:\s+\d+\s+\d+", l)][:12]
    res["rows"] = sampler.rows
    res["gc"] = gw.gc_summary()
    res["problems"] = gw.problems()
    res["gateway_alive_at_end"] = gw.alive()
    res["uac_final"] = last_stat_row(uac_stat)
    res["uas_final"] = last_stat_row(uas_stat)
    res["calls_planned"] = calls
    stop(gw.proc, 15)
    stop(uas)
    return res


# ---------------------------------------------------------------- verdict and report

def verdict(res):
    """(list of (check, observed, limit, ok)), overall ok."""
    checks = []
    rows = res["rows"]
    load = [r for r in rows if r["phase"] == "load"]
    after = [r for r in load if r["t"] >= CFG["warmup_s"] - 1]
    first = after[0] if after else None
    last = load[-1] if load else None
    if first is None or last is None or first is last:
        checks.append(("trend", "fewer than two load samples after the %.0f s warm-up (the run is too short: "
                       "raise SOAK_MINUTES, or lower SOAK_WARMUP_SECONDS / SOAK_SAMPLE_SECONDS)" % CFG["warmup_s"],
                       "two or more", False))
    else:
        res["trend_from"], res["trend_to"] = first, last
        h0, h1 = first["heap"], last["heap"]
        if h0 is None or h1 is None:
            checks.append(("heap after GC", "not read", "-", False))
        else:
            lim = max(h0 * (1 + CFG["heap_tol_pct"] / 100.0), h0 + CFG["heap_tol_mib"] * MIB)
            checks.append(("heap after GC, t=%.0fs -> t=%.0fs" % (first["t"], last["t"]),
                           "%.1f -> %.1f MiB (%+.1f MiB, %+.1f %%)" % (h0 / MIB, h1 / MIB, (h1 - h0) / MIB,
                                                                     100.0 * (h1 - h0) / h0 if h0 else 0),
                           "<= %.1f MiB (+%.0f %% and +%.0f MiB both exceeded = trend)" % (
                               lim / MIB, CFG["heap_tol_pct"], CFG["heap_tol_mib"]), h1 <= lim))
        for key, label, tol in (("fds", "open file descriptors", CFG["fd_tol"]),
                                ("threads", "threads", CFG["thread_tol"])):
            a, b = first[key], last[key]
            if a is None or b is None:
                checks.append((label, "not read", "-", False))
            else:
                checks.append(("%s, t=%.0fs -> t=%.0fs" % (label, first["t"], last["t"]),
                               "%d -> %d (%+d)" % (a, b, b - a), "<= +%d" % tol, b - a <= tol))
    fin = res.get("uac_final") or {}
    created, ok, failed = num(fin, "TotalCallCreated"), num(fin, "SuccessfulCall(C)"), num(fin, "FailedCall(C)")
    pct = 100.0 * failed / created if created else 100.0
    checks.append(("failed calls (UAC)", "%d of %d (%.3f %%)%s" % (
        failed, created, pct, (": " + ", ".join("%s %d" % kv for kv in fail_reasons(fin).items()))
        if failed else ""), "<= %.2f %%" % CFG["max_failed_pct"], created > 0 and pct <= CFG["max_failed_pct"]))
    checks.append(("calls created vs planned", "%d of %d" % (created, res["calls_planned"]),
                   "all", created >= res["calls_planned"]))
    checks.append(("calls finished (ok + failed = created)", "%d + %d of %d" % (ok, failed, created),
                   "all", ok + failed == created and created > 0))
    idle = [r for r in rows if r["phase"] == "idle-end"]
    if idle:
        r = idle[-1]
        d = res.get("drained_after_s")
        checks.append(("gateway state after the load", "%s calls, %s transactions%s" % (
            fi(r["calls_active"]), fi(r["tx_active"]),
            " (0/0 %.0f s after the UAC ended)" % d if d is not None else " (%.0f s after the UAC ended)" %
            CFG["drain_s"]), "0 and 0 within %.0f s" % CFG["drain_s"],
            r["calls_active"] == 0 and r["tx_active"] == 0))
    if "gateway_alive_at_end" in res:
        checks.append(("gateway running at the end", "yes" if res["gateway_alive_at_end"] else "NO", "yes",
                       bool(res["gateway_alive_at_end"])))
    return checks, all(c[3] for c in checks)


def slope_per_hour(rows, key, div=1.0):
    pts = [(r["t"], r[key] / div) for r in rows if r.get(key) is not None]
    if len(pts) < 3:
        return None
    n = float(len(pts))
    mx = sum(p[0] for p in pts) / n
    my = sum(p[1] for p in pts) / n
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    return 3600.0 * sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def class_growth(a, b, top=10):
    """The classes whose live bytes grew the most from histogram a to histogram b."""
    rows = []
    for name, (n1, b1) in b.items():
        n0, b0 = a.get(name, (0, 0))
        if b1 > b0:
            rows.append((b1 - b0, name, (n0, b0), (n1, b1)))
    rows.sort(reverse=True)
    return [(name, x, y) for _, name, x, y in rows[:top]]


def report(res, started, command, work):
    L = []
    ok_all = res.get("ok", False)
    L.append("# Soak: gateway under a steady SIPp load (UDP, loopback)")
    L.append("")
    L.append("- date: %s UTC; result: **%s**" % (started.strftime("%Y-%m-%d %H:%M:%S"),
                                                 "PASS" if ok_all else "FAIL"))
    L.append("- command: `%s`" % command)
    cpu_model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    L.append("- machine: nproc %d, CPU %s, %.1f GiB RAM, kernel %s; load average at the start %s" % (
        os.cpu_count(), cpu_model, mem_kb / 1024.0 / 1024.0, platform.release(), LOADAVG))
    L.append("- versions: gateway %s (git %s); %s; %s" % (
        os.path.relpath(JAR, ROOT), git_rev(), version(["sipp", "-v"], r"SIPp v[^\s,]+"),
        version(["java", "-version"])))
    L.append("- workload: Meta-side SIPp UAC %s:%d -> gateway %s:%d -> Twilio-side SIPp UAS %s:%d "
             "(uas_twilio_407.xml: 407 challenge, the gateway answers with digest credentials); "
             "%g calls/s for %g min, hold %d ms, %d calls planned" % (
                 UAC_IP, CFG["uac_port"], GW_IP, CFG["gw_port"], UAS_IP, CFG["uas_port"], CFG["rate"],
                 CFG["minutes"], CFG["hold_ms"], res.get("calls_planned", 0)))
    L.append("- sampling: every %.0f s under load; heap = Java heap used after two full GCs (jcmd GC.class_histogram, "
             "GC.run, then GC.heap_info); trend compared from the first load sample at or after the %.0f s warm-up to the last "
             "one; the gateway CPU columns include the full GCs of the sampling; idle-end is read once the gateway holds no call and no transaction (at most %.0f s after the UAC "
             "ended)" % (CFG["sample_s"], CFG["warmup_s"], CFG["drain_s"]))
    L.append("- gateway: `%s`; environment: `%s`" % (
        " ".join(shlex.quote(a) for a in res.get("gateway_argv", [])),
        " ".join("%s=%s" % (k, ("***" if "PASSWORD" in k else v)) for k, v in sorted(res.get("gateway_env", {}).items()))))
    L.append("- SIPp UAC: `%s`" % " ".join(shlex.quote(a) for a in res.get("uac_argv", [])))
    L.append("- SIPp UAS: `%s`" % " ".join(shlex.quote(a) for a in res.get("uas_argv", [])))
    L.append("- work files (logs, SIPp statistics, /metrics, class histogram at the end): `%s`" %
             os.path.relpath(work, ROOT))
    for n in res.get("notes", []):
        L.append("- note: %s" % n)
    L.append("")
    L.append("## Samples")
    L.append("")
    L.append("| phase | t (s) | UTC | heap after GC (MiB) | heap committed (MiB) | RSS (MiB) | fds | threads "
             "| calls active | transactions active | UAC created | completed | failed | UAC retrans | UAS failed "
             "| gw UDP drops | gw cores | gw CPU-us/call | WARN/ERROR log lines |")
    L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in res["rows"]:
        L.append("| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %s | %s | %d |"
                 % (r["phase"], r["t"], r["clock"], f1(r["heap"], MIB), f1(r["committed"], MIB),
                    f1(r["rss_kb"], 1024), fi(r["fds"]), fi(r["threads"]), fi(r["calls_active"]),
                    fi(r["tx_active"]), r["created"], r["ok"], r["failed"], r["retrans"], r["uas_failed"],
                    r["drops"], f2(r["cores"]), "n/a" if r["us_per_call"] is None else "%.0f" % r["us_per_call"],
                    r["problems"]))
    L.append("")
    fin = res.get("uac_final") or {}
    uas = res.get("uas_final") or {}
    created, ok, failed = num(fin, "TotalCallCreated"), num(fin, "SuccessfulCall(C)"), num(fin, "FailedCall(C)")
    L.append("## Totals")
    L.append("")
    wall = res.get("uac_wall_s") or 0
    L.append("- calls: created %d, completed %d, failed %d (%.3f %%)%s; UAC retransmissions %d; UAC exit code %s "
             "after %.0f s" % (created, ok, failed, 100.0 * failed / created if created else 0.0,
                               (" - " + ", ".join("%s %d" % kv for kv in fail_reasons(fin).items()))
                               if failed else "", num(fin, "Retransmissions(C)"), res.get("uac_rc", "n/a"), wall))
    L.append("- Twilio-side UAS: calls %d, completed %d, failed %d, retransmissions %d" % (
        num(uas, "TotalCallCreated"), num(uas, "SuccessfulCall(C)"), num(uas, "FailedCall(C)"),
        num(uas, "Retransmissions(C)")))
    gc = res.get("gc")
    if gc:
        L.append("- GC pauses of the gateway (its own, not the full GCs of the sampling): %d, %.0f ms in total, "
                 "longest %.1f ms; full GCs asked for by the sampling: %d" % (gc[0], gc[1], gc[2], gc[3]))
    load = [r for r in res["rows"] if r["phase"] == "load" and r["t"] >= CFG["warmup_s"] - 1]
    sl = [(lab, slope_per_hour(load, key, div)) for lab, key, div in
          (("heap after GC", "heap", MIB), ("RSS", "rss_kb", 1024.0), ("fds", "fds", 1.0),
           ("threads", "threads", 1.0))]
    if any(v is not None for _, v in sl):
        L.append("- least-squares slope over the load samples after the warm-up (per hour, for information): " +
                 ", ".join("%s %s" % (lab, "n/a" if v is None else "%+.1f%s" % (v, " MiB" if lab in (
                     "heap after GC", "RSS") else "")) for lab, v in sl))
    idle = [r for r in res["rows"] if r["phase"] in ("idle-start", "idle-end")]
    if len(idle) == 2 and idle[0]["heap"] is not None and idle[1]["heap"] is not None:
        L.append("- idle heap after GC: %.1f MiB before the load, %.1f MiB after it (%+.1f MiB; includes JIT-warm "
                 "caches and pools, so for information); fds %s -> %s; threads %s -> %s" % (
                     idle[0]["heap"] / MIB, idle[1]["heap"] / MIB, (idle[1]["heap"] - idle[0]["heap"]) / MIB,
                     fi(idle[0]["fds"]), fi(idle[1]["fds"]), fi(idle[0]["threads"]), fi(idle[1]["threads"])))
    L.append("")
    L.append("## Verdict")
    L.append("")
    L.append("| check | observed | limit | result |")
    L.append("|---|---|---|---|")
    for name, obs, lim, good in res.get("checks", []):
        L.append("| %s | %s | %s | %s |" % (name, obs, lim, "ok" if good else "**FAIL**"))
    for e in res.get("errors", []):
        L.append("")
        L.append("Error: %s" % e)
    pairs = []
    if res.get("trend_from") and res.get("trend_to"):
        pairs.append(("under load, t=%.0fs -> t=%.0fs" % (res["trend_from"]["t"], res["trend_to"]["t"]),
                      res["trend_from"], res["trend_to"]))
    idle = [r for r in res["rows"] if r["phase"] in ("idle-start", "idle-end")]
    if len(idle) == 2:
        pairs.append(("idle, before the load -> after it", idle[0], idle[1]))
    for label, a, b in pairs:
        grown = class_growth(a.get("classes") or {}, b.get("classes") or {})
        if not grown:
            continue
        L.append("")
        L.append("Live objects that grew the most, %s (jcmd GC.class_histogram; %d calls created in between):" % (
            label, b["created"] - a["created"]))
        L.append("")
        L.append("| class | instances | bytes |")
        L.append("|---|---:|---:|")
        for name, (n0, b0), (n1, b1) in grown:
            L.append("| `%s` | %d -> %d (%+d) | %d -> %d (%+d) |" % (name, n0, n1, n1 - n0, b0, b1, b1 - b0))
    probs = res.get("problems") or []
    L.append("")
    L.append("## Gateway log")
    L.append("")
    L.append("Lines at WARN/ERROR (or with an exception) in the gateway log: %d%s" % (len(probs), ":" if probs else "."))
    if probs:
        seen = {}
        for p in probs:
            key = re.sub(r"\d+", "#", p)[:160]
            seen.setdefault(key, [0, p])
            seen[key][0] += 1
        L.append("")
        L.append("```")
        for _, (cnt, sample) in sorted(seen.items(), key=lambda kv: -kv[1][0])[:15]:
            L.append("%6d x %s" % (cnt, sample[:300]))
        L.append("```")
    for side in ("uac", "uas"):
        path = os.path.join(work, "%s-errors.log" % side)
        try:
            with open(path, errors="replace") as f:
                lines = [l.rstrip() for l in f if l.strip()]
        except FileNotFoundError:
            lines = []
        if lines:
            L.append("")
            L.append("SIPp %s error log (`%s`, %d lines), first lines:" % (
                side.upper(), os.path.relpath(path, ROOT), len(lines)))
            L.append("")
            L.append("```")
            L.extend(l[:300] for l in lines[:8])
            L.append("```")
    if res.get("histogram"):
        L.append("")
        L.append("Largest classes on the gateway heap at the end (jcmd GC.class_histogram):")
        L.append("")
        L.append("```")
        L.extend(res["histogram"])
        L.append("```")
    return "\n".join(L) + "\n"


LOADAVG = open("/proc/loadavg").read().strip()


def main():
    started = datetime.datetime.now(datetime.timezone.utc)
    out_dir = os.path.join(ROOT, "bench-results")
    os.makedirs(out_dir, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    work = os.path.join(out_dir, "soak-%s-work" % stamp)
    os.makedirs(work)
    command = env("SOAK_COMMAND", " ".join(sys.argv))
    for tool in ("sipp", "jcmd", "java", "ss"):
        if not subprocess.run(["sh", "-c", "command -v %s" % tool], capture_output=True).stdout:
            log("missing tool: %s" % tool)
            return 2
    if not os.path.exists(JAR):
        log("missing %s (scripts/soak.sh builds it)" % JAR)
        return 2
    log("%g calls/s for %g min, hold %d ms, a sample every %.0f s, warm-up %.0f s; work files in %s" % (
        CFG["rate"], CFG["minutes"], CFG["hold_ms"], CFG["sample_s"], CFG["warmup_s"], work))
    res = {"errors": [], "rows": [], "notes": []}
    interrupted = None
    try:
        run(work, res)
    except Interrupted as e:
        interrupted = e.signum
    except Exception as e:
        log("error: %s" % e)
        stop_all()
        return 2
    stop_all()
    if interrupted is not None:
        if not res["rows"]:
            return 128 + interrupted
        res["errors"].append("interrupted by signal %d: the soak did not run to its end" % interrupted)
        res.setdefault("uac_final", last_stat_row(res.get("uac_stat", "")))
        res.setdefault("uas_final", last_stat_row(res.get("uas_stat", "")))
    res["checks"], good = verdict(res)
    res["ok"] = good and not res["errors"]
    text = report(res, started, command, work)
    md = os.path.join(out_dir, "soak-%s.md" % stamp)
    with open(md, "w") as f:
        f.write(text)
    print(text, flush=True)
    log("written: %s (work files: %s) - %s" % (md, work, "PASS" if res["ok"] else "FAIL"))
    if interrupted is not None:
        return 128 + interrupted
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
