#!/usr/bin/python3
"""Writes the fuzzers' seed corpora into tests/fuzz/corpus/ (run from anywhere
with Debian's /usr/bin/python3; needs protoc and python3-protobuf). Seeds are the shapes of real play: every
kind of client frame and command, a session played through its phases by
every role, scenario files, API requests. Re-run after a protocol change."""
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
out = os.path.join(root, "tests", "fuzz", "corpus")
gen = tempfile.mkdtemp(prefix="parley-seeds-")
subprocess.check_call(["protoc", f"-I{root}/proto", f"--python_out={gen}",
                       "parley/v1/engine.proto", "parley/v1/protocol.proto", "parley/v1/scenario.proto"])
sys.path.insert(0, gen)
from google.protobuf import json_format, text_format  # noqa: E402
from parley.v1 import engine_pb2, protocol_pb2, scenario_pb2  # noqa: E402


def write(harness, name, data):
    os.makedirs(os.path.join(out, harness), exist_ok=True)
    with open(os.path.join(out, harness, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def command(**kind):
    return json_format.ParseDict(kind, engine_pb2.Command())


COMMANDS = {
    "start": command(start={}), "advance": command(advance={}), "pause": command(pause={}), "resume": command(resume={}),
    "extend": command(extend={"seconds": 120}), "scale": command(timeScale={"factor": 10}),
    "inject": command(releaseInject={"injectId": "gaza"}), "end": command(end={"reason": "done"}),
    "message": command(sendMessage={"to": "KSA", "text": "Our offer stands."}),
    "room": command(createRoom={"name": "gulf", "members": ["KSA", "QAT"]}),
    "post": command(postToRoom={"roomId": "R1", "text": "Gulf eyes only."}),
    "statement": command(statement={"text": "We support a council."}),
    "table": command(tableText={"title": "Draft", "options": {"M": "M3", "C": "C2", "F": "F4", "T": "T2", "S": "S3", "P": "P2", "N": "N2"}}),
    "amend": command(amendText={"textId": "DR1", "title": "Amended", "options": {"C": "C1"}}),
    "withdraw": command(withdrawText={"textId": "DR1"}), "cosponsor": command(cosponsorText={"textId": "DR1"}),
    "vote": command(vote={"textId": "DR1", "choice": "YES"}),
    "pledge": command(pledge={"to": "TUR", "points": 25, "condition": "IF_SIGNS"}),
    "sign": command(sign={}), "decline": command(decline={}),
    "respond": command(respondToCrisis={"commit": True, "contribution": 10}),
    "crisis_vote": command(crisisVote={"yes": True}), "tick": command(tick={}),
    "note": command(note={"text": "Strength: the chair kept time"}),
    "ruling": command(adjudicate={"text": "A ruling", "audience": ["PAK"]}),
    "claim": command(claimSeat={}),
}

# Client frames: every command in both forms, and a hello.
hello = protocol_pb2.ClientEnvelope(hello=protocol_pb2.Hello(code="0123456789abcdef0123456789abcdef", client="seed", last_seq=7))
frames = {"hello": hello}
for name, c in COMMANDS.items():
    env = protocol_pb2.ClientEnvelope(request_id="r-" + name)
    env.command.CopyFrom(c)
    frames[name] = env
frames["sync"] = json_format.ParseDict({"requestId": "s1", "sync": {}}, protocol_pb2.ClientEnvelope())
for name, env in frames.items():
    write("client_frame_fuzz", name + ".bin", b"\x00" + env.SerializeToString())
    write("client_frame_fuzz", name + ".json", b"\x01" + json_format.MessageToJson(env, indent=None).encode())

# The command path: sessions played by every role through their phases.
scenario = text_format.Parse(open(os.path.join(root, "scenarios", "collective-security-pact.textproto")).read(), scenario_pb2.Scenario())
roles = [r.id for r in scenario.roles]


def record(role, c, step=1, seat=0):
    body = COMMANDS[c].SerializeToString()
    who = len(roles) if role is None else roles.index(role)
    return bytes([who, seat, step, len(body)]) + body


plays = {
    "opening": [("WHITE", "start"), ("PAK", "message"), ("KSA", "claim"), ("WHITE", "inject"), (None, "tick")],
    "talks": [("WHITE", "start"), ("WHITE", "advance"), ("KSA", "room"), ("KSA", "post"), ("USA", "pledge"),
              ("WHITE", "advance"), ("PAK", "table"), ("TUR", "cosponsor"), ("TUR", "statement"), ("KSA", "amend")],
    "vote": [("WHITE", "start")] + [("WHITE", "advance")] * 3 + [("PAK", "table")] + [("WHITE", "advance")] +
            [(r, "vote") for r in ("PAK", "KSA", "TUR", "IRN", "AZE", "QAT")] + [("WHITE", "advance")] +
            [(r, "sign") for r in ("PAK", "KSA", "TUR")] + [("IRN", "decline"), ("WHITE", "advance"), ("PAK", "respond"),
                                                         ("KSA", "crisis_vote"), ("WHITE", "ruling"), ("WHITE", "note")],
    "clock": [("WHITE", "start"), ("WHITE", "scale"), (None, "tick"), ("WHITE", "pause"), ("WHITE", "resume"),
              ("WHITE", "extend"), ("WHITE", "end")],
}
for name, steps in plays.items():
    write("command_fuzz", name, b"\x00" + b"".join(record(r, c, step=60 if c == "tick" else 1) for r, c in steps))

# Scenario files: both shipped ones, and small broken ones.
for f in os.listdir(os.path.join(root, "scenarios")):
    write("scenario_fuzz", f, open(os.path.join(root, "scenarios", f)).read())
write("scenario_fuzz", "empty.textproto", "")
write("scenario_fuzz", "no-roles.textproto", 'id: "x" title: "X"\n')
write("scenario_fuzz", "bad-number.textproto", 'id: "x" title: "X"\nroles { id: "A" name: "A" kind: DELEGATION profile { batna: nan } }\n')

# API requests.
requests = {
    "scenarios": "GET /api/scenarios\n--\n",
    "create": 'POST /api/sessions\nAJ\n{"scenario":"collective-security-pact","title":"t"}',
    "list": "GET /api/sessions?state=ended&limit=5&offset=0\nA-\n",
    "status": "GET /api/sessions/0123456789abcdef\nA-\n",
    "events": "GET /api/sessions/0123456789abcdef/events?as=KSA&after=5&limit=10&round=1\nA-\n",
    "review": "GET /api/sessions/0123456789abcdef/review?format=md&as=PAK&with_messages=1\nA-\n",
    "fork": 'POST /api/sessions/0123456789abcdef/fork\nAJ\n{"at": 12, "title": "what if"}',
    "codes": 'POST /api/sessions/0123456789abcdef/codes\nAJ\n{"role": "KSA", "seat": 1}',
    "bots": 'POST /api/sessions/0123456789abcdef/bots\nXJBearer 0123456789abcdef\n{"roles": ["KSA"], "strategy": "conceder"}',
    "facilitators": "POST /api/sessions/0123456789abcdef/facilitators\nA-\n",
    "analysis": "GET /api/sessions/0123456789abcdef/analysis\nA-\n",
    "health": "GET /healthz\n--\n", "ready": "GET /readyz\n--\n", "metrics": "GET /metrics\n--\n",
    "page": "GET /join\n--\n", "asset": "GET /assets/app.js\n--\n",
}
for name, text in requests.items():
    write("http_fuzz", name, text)


# Dictionaries: the words each input is made of, from the schema itself.
def words(descriptor, json_names, seen=None):
    seen = set() if seen is None else seen
    if descriptor.full_name in seen:
        return set()
    seen.add(descriptor.full_name)
    found = set()
    for f in descriptor.fields:
        found.add(f.json_name if json_names else f.name)
        if f.enum_type:
            found.update(v.name for v in f.enum_type.values)
        if f.message_type:
            found.update(words(f.message_type, json_names, seen))
    return found


def dict_entry(token):
    # libFuzzer's dictionary syntax: a quoted string with \\, \" and \xNN escapes.
    out = ""
    for ch in token:
        if ch in '\\"':
            out += "\\" + ch
        elif 32 <= ord(ch) < 127:
            out += ch
        else:
            out += "\\x%02X" % ord(ch)
    return f'"{out}"'


def write_dict(harness, tokens):
    with open(os.path.join(root, "tests", "fuzz", harness + ".dict"), "w") as f:
        f.write("# Written by tools/make_seeds.py from the schema.\n" + "\n".join(dict_entry(t) for t in sorted(tokens)) + "\n")


write_dict("client_frame_fuzz", {f'"{w}"' for w in words(protocol_pb2.ClientEnvelope.DESCRIPTOR, True)} | {"{", "}", "true", "null"})
write_dict("scenario_fuzz", words(scenario_pb2.Scenario.DESCRIPTOR, False) | {"{", "}", ":", "nan", "inf", "-1", "1e308"})
write_dict("http_fuzz", {"GET ", "POST ", "/api/sessions", "/api/sessions/", "/api/scenarios", "/events", "/review", "/fork",
                         "/codes", "/bots", "/facilitators", "/analysis", "?as=", "&after=", "&limit=", "&round=", "&format=",
                         "&with_messages=1", "?state=", "&offset=", "html", "md", "json", "csv", "meta", "WHITE", "KSA",
                         "\"scenario\"", "\"title\"", "\"at\"", "\"role\"", "\"seat\"", "\"roles\"", "\"strategy\"",
                         "\"empty\"", "collective-security-pact", "4294967296", "1e300", "-1", "%00", "%2F", "\nAJ\n"})
shutil.rmtree(gen)
print("wrote seeds under", out)
