// How the page reads its connection's event batches (docs/protocol.md): each event in order,
// with what packing left out restored — header fields and seq from the connection's previous
// event (across frames), its own texts from the commands it sent — then the batch's acks.
// One reader per socket: a new socket packs from nothing.
import { type Ack, type EventBatch, type EventEnvelope, type Event, EventPacking, clone, EventEnvelopeSchema } from "./schema";

export interface Unpacked {
  events: EventEnvelope[];
  acks: Ack[];
}

/** The text of this connection's command `requestId`, if the page still holds it. */
export type OwnText = (requestId: string) => string | undefined;

export class BatchReader {
  private previous: EventEnvelope | undefined;

  constructor(private readonly ownText: OwnText = () => undefined) {}

  /** For a new socket: its first event is packed against nothing. */
  reset(): void {
    this.previous = undefined;
  }

  unpack(batch: EventBatch): Unpacked {
    const events: EventEnvelope[] = [];
    for (const entry of batch.events) {
      const out = this.restore(entry);
      if (entry.packing & EventPacking.OWN_TEXT) this.restoreText(out, batch.acks);
      events.push(out);
    }
    return { events, acks: batch.acks };
  }

  private restore(entry: EventEnvelope): EventEnvelope {
    const out = clone(EventEnvelopeSchema, entry);
    const before = this.previous;
    const packing = before ? entry.packing : 0; // the server never packs a socket's first event
    const last = before?.seq ?? 0n;
    out.seq = packing & EventPacking.RELATIVE_SEQ ? last + entry.seq : entry.seq !== 0n ? entry.seq : last + 1n;
    out.packing = 0;
    const e = out.event;
    const b = before?.event;
    if (e && b) {
      if (packing & EventPacking.RELATIVE_TIME) e.atMs += b.atMs;
      if (packing & EventPacking.SAME_ROUND) e.round = b.round;
      if (packing & EventPacking.SAME_PHASE) e.phase = b.phase;
      if (packing & EventPacking.SAME_ACTOR) {
        e.actor = b.actor;
        e.seat = b.seat;
      }
    }
    this.previous = out;
    return out;
  }

  // The command whose ack in the same batch covers this seq sent the text.
  private restoreText(out: EventEnvelope, acks: Ack[]): void {
    const ack = acks.find((a) => out.seq <= a.seq && out.seq > a.seq - BigInt(a.events));
    const text = ack ? this.ownText(ack.requestId) : undefined;
    if (text !== undefined && out.event) setOwnText(out.event, text);
  }
}

/** Messages, room messages and statements repeat their command's text. */
function setOwnText(e: Event, text: string): void {
  const k = e.kind;
  if (k.case === "messageSent" || k.case === "roomMessage" || k.case === "statement") k.value.text = text;
}
