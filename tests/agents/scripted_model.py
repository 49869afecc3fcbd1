#!/usr/bin/env python3
"""A scripted OpenAI-compatible chat-completions endpoint, for the tests of
language-model seats (no real model is reachable here).

It records every request it receives (one JSON line each: the body and
whether a bearer key came with it) and answers from a script: a JSON list of
steps taken in order, then its own rule for what is left. A step is one of
  {"call": NAME, "arguments": {...} | "raw text"}   a tool call
  {"prose": TEXT}                                    an answer with no tool call
  {"status": 500}                                    an HTTP error
  {"status": 401, "echo_key": true}                  an HTTP error whose body repeats the key sent
  {"hang": SECONDS}                                  no answer for that long
  {"garbage": TEXT}                                  a body that is not JSON
Its own rule plays sensibly from the tools offered: vote yes, sign, commit to
a crisis, table a text, make a statement; after a refusal it waits. In the
JSON-only format (no "tools" in the request) it answers {"calls": [...]}.

Usage: scripted_model.py --record FILE [--script FILE] [--tls CERT KEY]
Prints "listening on http://127.0.0.1:PORT" (https with --tls) once it accepts requests.
"""
import argparse
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFERENCE = ["vote", "sign", "respond_to_crisis", "crisis_vote", "table_text", "statement", "send_message"]


def value_for(schema, name):
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "string":
        return "Scripted words on %s." % name
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    if kind == "array":
        return [value_for(schema.get("items", {}), name)]
    if kind == "object":
        return {k: value_for(v, k) for k, v in schema.get("properties", {}).items()}
    return None


def arguments_for(tool):
    params = tool["function"].get("parameters", {})
    return {k: value_for(v, k) for k, v in params.get("properties", {}).items()}


def tools_in(body):
    if "tools" in body:
        return body["tools"]
    # The JSON-only format: the tools are written out at the end of the last message.
    text = body["messages"][-1]["content"]
    return json.loads(text[text.index("schemas:\n") + len("schemas:\n"):])


def own_rule(body):
    last = body["messages"][-1]["content"]
    tools = {t["function"]["name"]: t for t in tools_in(body)}
    if "was refused" in last or "do not fit" in last or "no tool" in last:
        return [("wait", {})]
    for name in PREFERENCE:
        if name in tools:
            return [(name, arguments_for(tools[name]))]
    return [("wait", {})]


class Model:
    def __init__(self, record, script):
        self.record = open(record, "a", buffering=1)
        self.script = list(script)
        self.lock = threading.Lock()
        self.count = 0

    def next_step(self):
        with self.lock:
            self.count += 1
            return self.script.pop(0) if self.script else None


def completion(calls, tool_calling, count, prompt_chars):
    if tool_calling:
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_%d_%d" % (count, i), "type": "function",
             "function": {"name": n, "arguments": a if isinstance(a, str) else json.dumps(a)}}
            for i, (n, a) in enumerate(calls)]}
    else:
        message = {"role": "assistant", "content": json.dumps(
            {"calls": [{"name": n, "arguments": a if not isinstance(a, str) else json.loads(a)} for n, a in calls]})}
    return {"id": "scripted-%d" % count, "object": "chat.completion", "model": "scripted",
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
            "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": 12, "total_tokens": prompt_chars // 4 + 12}}


def handler_for(model):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, text):
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if not self.path.endswith("/chat/completions"):
                return self.send(404, '{"error": "no such endpoint"}')
            body = json.loads(raw)
            auth = self.headers.get("Authorization", "")
            model.record.write(json.dumps({"authorization": auth, "body": body}) + "\n")
            step = model.next_step()
            tool_calling = "tools" in body
            if step is None:
                calls = own_rule(body)
            elif "call" in step:
                calls = [(step["call"], step.get("arguments", {}))]
            elif "prose" in step:
                answer = completion([], True, model.count, len(raw))
                answer["choices"][0]["message"] = {"role": "assistant", "content": step["prose"]}
                return self.send(200, json.dumps(answer))
            elif "status" in step:
                if step.get("echo_key"):
                    return self.send(step["status"], json.dumps({"error": "bad key: " + auth}))
                return self.send(step["status"], '{"error": "scripted failure"}')
            elif "hang" in step:
                time.sleep(step["hang"])
                return self.send(200, json.dumps(completion([("wait", {})], tool_calling, model.count, len(raw))))
            else:
                return self.send(200, step["garbage"])
            self.send(200, json.dumps(completion(calls, tool_calling, model.count, len(raw))))

    return Handler


def main():
    parser = argparse.ArgumentParser(description="A scripted OpenAI-compatible endpoint for tests.")
    parser.add_argument("--record", required=True, help="append each request here, one JSON line each")
    parser.add_argument("--script", help="a JSON list of steps to answer with first")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve https with this certificate and key")
    args = parser.parse_args()
    script = json.load(open(args.script)) if args.script else []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(Model(args.record, script)))
    scheme = "http"
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    print("listening on %s://127.0.0.1:%d" % (scheme, server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
