"""A line-oriented driver around slixmpp (Debian's python3-slixmpp) for the test suite.

argv: host port jid password starttls(0|1) presence(0|1) [sasl mechanism]
stdout: one JSON object per line: bound, stanza, auth_failed, stream_error, disconnected
stdin:  one JSON object per line: {"cmd": "send", "xml": ...} or {"cmd": "close"}
"""
import asyncio
import json
import os
import ssl
import sys

from slixmpp import ClientXMPP


def out(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Driver(ClientXMPP):
    def __init__(self, jid, password, presence, mech=None):
        super().__init__(jid, password, sasl_mech=mech)
        self.presence = presence
        self.whitespace_keepalive = False
        self["feature_mechanisms"].unencrypted_plain = True
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.add_event_handler("session_start", self.on_start)
        self.auth_condition = "unknown"
        self.add_event_handler("failed_auth", self.on_failed_mechanism)
        self.add_event_handler("failed_all_auth", self.on_failed)
        self.add_event_handler("stream_error", self.on_stream_error)
        self.add_event_handler("disconnected", lambda _: out(event="disconnected"))
        self.add_filter("in", self.on_in)

    async def on_start(self, _):
        if self.presence:
            self.send_presence(ppriority=0)
        out(event="bound", jid=self.boundjid.full, mechanism=getattr(self["feature_mechanisms"], "mech", None) and self["feature_mechanisms"].mech.name)

    def on_failed_mechanism(self, failure):
        try:
            self.auth_condition = str(failure["condition"])
        except (KeyError, TypeError):
            pass

    def on_failed(self, _):
        out(event="auth_failed", condition=self.auth_condition)
        self.abort()

    def on_stream_error(self, error):
        out(event="stream_error", condition=error["condition"])

    def on_in(self, stanza):
        out(event="stanza", xml=str(stanza))
        return stanza


def main():
    host, port, jid, password, starttls, presence = sys.argv[1:7]
    mech = sys.argv[7] if len(sys.argv) > 7 else None
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    xmpp = Driver(jid, password, presence == "1", mech)
    xmpp.connect((host, int(port)), disable_starttls=starttls != "1", force_starttls=starttls == "1")

    pending = b""

    def on_command():
        # Read the descriptor itself: sys.stdin.readline() would leave a second line that arrived in the
        # same chunk in Python's buffer, unseen until more input makes the descriptor readable again.
        nonlocal pending
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            loop.stop()
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            command = json.loads(line)
            if command["cmd"] == "send":
                xmpp.send_raw(command["xml"])
            elif command["cmd"] == "close":
                xmpp.disconnect()

    loop.add_reader(sys.stdin.fileno(), on_command)
    xmpp.add_event_handler("disconnected", lambda _: loop.call_later(0.05, loop.stop))
    loop.run_forever()


main()
