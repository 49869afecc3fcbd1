// A seat played by a language model, from the white cell's dashboard: the server is configured
// with the suite's scripted OpenAI-compatible endpoint (tests/agents/scripted_model.py); the
// white cell writes a stance, seats a model on a free delegation, sees it marked AI on the seats
// board, switches it to propose mode, starts the conference, approves the model's first move
// (which then lands in the record like anyone's), and takes the seat over.
// Screenshots: ai-seat-1280.png, ai-seats-board.png, ai-proposal.png, ai-model-calls.png, ai-disclosed-1280.png.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { startStack, waitText, apiCall } from "./harness.mjs";

const MODEL = join(dirname(fileURLToPath(import.meta.url)), "../../../../tests/agents/scripted_model.py");
let stack, model, record;

/** Starts the scripted endpoint and resolves with its base URL once it listens. */
function startModel() {
  record = join(mkdtempSync(join(tmpdir(), "parley-model-")), "requests.jsonl");
  model = spawn("python3", [MODEL, "--record", record], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    model.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(`${m[1]}/v1`);
    });
    model.once("exit", (code) => reject(new Error(`the scripted model exited with ${code}`)));
  });
}

function requests() {
  try {
    return readFileSync(record, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

before(async () => {
  const url = await startModel();
  stack = await startStack({ name: "agents-e2e", serverArgs: ["--llm-url", url] });
});
after(async () => {
  await stack?.stop();
  model?.kill();
});

const api = (method, path, token, body) => apiCall(stack.base, method, path, token, body);

test("the white cell seats a language model from the dashboard, with a stance, and sees it play", async () => {
  const created = await api("POST", "/api/sessions", stack.adminToken, { scenario: "collective-security-pact", title: "AI seat" });
  const white = await stack.newPage("white");
  await white.goto(`/join#${created.facilitator_token}`);
  await white.getByTestId("dashboard").waitFor();
  await white.locator("#ai-persona").fill("Riyadh prefers flexible arrangements to a rigid treaty.");
  await white.getByRole("button", { name: "play Saudi Arabia with a language model" }).click();
  await waitText(white, '[data-testid="ai-status"]', "is taking Saudi Arabia's seat");
  // Marked on the seats board once it has joined (the board polls the server).
  await white.getByTestId("ai-KSA").waitFor();
  await waitText(white, '[data-testid="seat-KSA"]', "AI · default");
  await waitText(white, '[data-testid="bot-seats"]', "A language model plays: Saudi Arabia.");
  // Each move waits for the white cell from now on.
  await white.getByTestId("ai-seat-KSA").waitFor();
  await white.locator("#ai-mode-KSA").selectOption("propose");
  await waitText(white, '[data-testid="ai-control-status"]', "proposes each move");
  await white.getByRole("button", { name: "Start", exact: true }).click();
  const proposal = white.locator('[data-testid^="proposal-"]').first();
  await proposal.waitFor();
  assert.match(await proposal.innerText(), /Saudi Arabia wants to send_message/);
  await white.getByTestId("ai-seats").screenshot({ path: join(stack.artifacts, "ai-proposal.png") });
  await proposal.getByRole("button", { name: "Approve" }).click();
  await waitText(white, '[data-testid="ai-control-status"]', "approved: Saudi Arabia's send_message");
  // Its first call carried the stance, and what it did is in the record as any delegation's move.
  for (let i = 0; i < 300 && requests().length === 0; i++) await new Promise((r) => setTimeout(r, 100)); // polling a file
  const first = requests()[0];
  assert.ok(first, "the model was never called");
  assert.match(JSON.stringify(first.body.messages), /Riyadh prefers flexible arrangements to a rigid treaty\./);
  let calls = { calls: [] };
  for (let i = 0; i < 300 && calls.calls.length === 0; i++) {
    calls = await api("GET", `/api/sessions/${created.session_id}/agent-calls`, created.facilitator_token);
    if (calls.calls.length === 0) await new Promise((r) => setTimeout(r, 100)); // polling the server's record
  }
  assert.ok(calls.calls.length >= 1, "no model call was recorded");
  assert.equal(calls.calls[0].role, "KSA");
  // Approved, the move was sent by the model's client and stands in the record.
  for (let i = 0; i < 300; i++) {
    calls = await api("GET", `/api/sessions/${created.session_id}/agent-calls`, created.facilitator_token);
    if (calls.calls.some((c) => c.record.approved_proposal !== undefined)) break;
    await new Promise((r) => setTimeout(r, 100)); // polling the server's record
  }
  const approved = calls.calls.find((c) => c.record.approved_proposal !== undefined);
  assert.ok(approved, "no approved move was recorded");
  assert.equal(approved.record.actions[0].result, "done");
  // The white cell reads the raw record in the panel: what the model was told, what it answered.
  const record = white.getByTestId("model-calls-KSA");
  await record.locator("summary").first().click();
  await waitText(white, '[data-testid="model-calls-KSA"]', "approved proposal #");
  const firstCall = record.getByTestId("model-call").first();
  await firstCall.getByText("What it was told").click();
  await waitText(white, '[data-testid="model-calls-KSA"] pre.prompt', "Riyadh prefers flexible arrangements to a rigid treaty.");
  await firstCall.getByText("What it answered").click();
  await waitText(white, '[data-testid="model-calls-KSA"]', "send_message");
  await white.getByTestId("ai-seats").screenshot({ path: join(stack.artifacts, "ai-model-calls.png") });
  // Participants are told which seat a model plays (the scenario does not hide it).
  const pak = await stack.newPage("pak");
  await pak.goto(`/join#${created.seats.find((s) => s.role === "PAK" && s.seat === 0).join_code}`);
  await waitText(pak, '[data-testid="model-seats"]', "A language model plays Saudi Arabia");
  await pak.screenshot({ path: join(stack.artifacts, "ai-disclosed-1280.png") });
  assert.deepEqual(pak.errors, []);
  // Taken over: the model stands aside and the white cell is told how to play the seat.
  await white.locator("#ai-mode-KSA").selectOption("human");
  await waitText(white, '[data-testid="ai-control-status"]', "stands aside");
  await white.screenshot({ path: join(stack.artifacts, "ai-seat-1280.png"), fullPage: true });
  await white.getByTestId("seats").screenshot({ path: join(stack.artifacts, "ai-seats-board.png") });
  assert.deepEqual(white.errors, []);
});
