#!/usr/bin/env python3
"""Recompute the Proxy-Authorization digests logged by scripts/sipp/load/uas_twilio_407.xml.

SIPp's verifyauth only checks Authorization (the 401 flow), never Proxy-Authorization, so the Twilio-side UAS
logs every challenged call's second INVITE as
    DIGEST|<Call-ID>|<nonce it sent in the 407>|<Proxy-Authorization header value>
and this script checks each line (or a sample): scheme Digest, username/realm as configured, the nonce echoed,
algorithm MD5, qop=auth with nc and cnonce, and response = MD5(HA1:nonce:nc:cnonce:auth:HA2) with
HA1 = MD5(user:realm:password), HA2 = MD5("INVITE":uri)  (RFC 7616 / RFC 2617).
Prints one JSON object: {"checked": n, "mismatches": m, "examples": [...]}; exit status 1 on any mismatch
or when nothing was checked.
usage: check_digest.py LOG --user U --password P [--realm sip.twilio.com] [--sample N]
"""
import argparse
import hashlib
import json
import re
import sys

PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?')


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def parse_digest(value):
    value = value.strip()
    if not value.lower().startswith("digest "):
        return None
    params = {}
    pos = len("digest ")
    while pos < len(value):
        m = PARAM.match(value, pos)
        if not m or m.end() == pos:
            break
        params[m.group(1).lower()] = m.group(3) if m.group(3) is not None else m.group(2)
        pos = m.end()
    return params


def check_line(line, user, password, realm):
    parts = line.rstrip("\r\n").split("|", 3)
    if len(parts) != 4 or parts[0] != "DIGEST":
        return None  # not a digest line
    _, call_id, nonce_sent, header = parts
    p = parse_digest(header)
    if p is None:
        return "no Digest Proxy-Authorization: %r" % header[:120]
    problems = []
    if p.get("username") != user:
        problems.append("username %r" % p.get("username"))
    if p.get("realm") != realm:
        problems.append("realm %r" % p.get("realm"))
    if p.get("nonce") != nonce_sent:
        problems.append("nonce %r, sent %r" % (p.get("nonce"), nonce_sent))
    if p.get("algorithm", "MD5").upper() != "MD5":
        problems.append("algorithm %r" % p.get("algorithm"))
    if p.get("qop") != "auth" or not p.get("nc") or not p.get("cnonce"):
        problems.append("qop/nc/cnonce %r/%r/%r" % (p.get("qop"), p.get("nc"), p.get("cnonce")))
    if not problems:
        ha1 = md5("%s:%s:%s" % (user, realm, password))
        ha2 = md5("INVITE:%s" % p.get("uri", ""))
        expected = md5("%s:%s:%s:%s:%s:%s" % (ha1, nonce_sent, p["nc"], p["cnonce"], "auth", ha2))
        if p.get("response", "").lower() != expected:
            problems.append("response %s, expected %s" % (p.get("response"), expected))
    return "%s: %s" % (call_id, "; ".join(problems)) if problems else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--realm", default="sip.twilio.com")
    ap.add_argument("--sample", type=int, default=0, help="check every k-th line so that about N are checked (0: all)")
    a = ap.parse_args()
    try:
        lines = [l for l in open(a.log, errors="replace") if l.startswith("DIGEST|")]
    except FileNotFoundError:
        lines = []
    if a.sample and len(lines) > a.sample:
        step = len(lines) // a.sample
        lines = lines[::step]
    checked, mismatches, examples = 0, 0, []
    for line in lines:
        r = check_line(line, a.user, a.password, a.realm)
        if r is None:
            continue
        checked += 1
        if r:
            mismatches += 1
            if len(examples) < 5:
                examples.append(r)
    print(json.dumps({"checked": checked, "mismatches": mismatches, "examples": examples}))
    sys.exit(1 if mismatches or not checked else 0)


if __name__ == "__main__":
    main()
